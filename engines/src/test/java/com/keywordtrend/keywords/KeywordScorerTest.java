package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties of merge and scoring over random candidates, and the offline source on a real seed. */
class KeywordScorerTest {
    static final Seeds SEEDS = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging", "analysis"));
    static final String[] WORDS = {"ai", "diagnostics", "diagnostic", "imaging", "images", "medical", "health", "care",
            "healthcare", "analysis", "analytics", "radiology", "scan", "scans", "the", "of", "for", "cloud", "x-ray",
            "MRI", "ct", "software", "platform", "clinic", "clinics", "tool", "tools", "2024", "best"};
    static final String[] SOURCES = {"datamuse", "wikipedia", "autocomplete", "lexical"};

    static List<Candidate> randomCandidates(long seed, int count) {
        Random random = new Random(seed);
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int words = 1 + random.nextInt(6);
            StringBuilder term = new StringBuilder();
            for (int w = 0; w < words; w++) {
                term.append(w == 0 ? "" : random.nextBoolean() ? " " : "-").append(WORDS[random.nextInt(WORDS.length)]);
                if (random.nextInt(10) == 0) term.append('s');
            }
            double popularity = random.nextBoolean() ? Double.NaN : random.nextDouble();
            out.add(new Candidate(random.nextInt(8) == 0 ? term.toString().toUpperCase() : term.toString(),
                    SOURCES[random.nextInt(SOURCES.length)], random.nextDouble(), popularity));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void weights_are_in_0_1_sorted_and_keywords_are_distinct_and_well_formed(long seed) {
        List<KeywordScorer.Keyword> keywords = KeywordScorer.score(randomCandidates(seed, 400), SEEDS, 4, 50);
        assertTrue(keywords.size() <= 50);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < keywords.size(); i++) {
            KeywordScorer.Keyword k = keywords.get(i);
            assertTrue(k.weight() > 0 && k.weight() <= 1, k.toString());
            if (i > 0) assertTrue(keywords.get(i - 1).weight() >= k.weight(), "sorted by weight");
            assertTrue(keys.add(Terms.key(k.term())), "duplicate keyword " + k.term());
            assertTrue(Terms.acceptable(k.term()), k.term());
            int words = k.term().split(" ").length;
            assertTrue(words >= 1 && words <= 5, k.term());
            assertEquals(k.term().strip(), k.term());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 11, 42})
    void same_inputs_give_the_same_output_in_any_order(long seed) {
        List<Candidate> candidates = randomCandidates(seed, 300);
        List<KeywordScorer.Keyword> first = KeywordScorer.score(candidates, SEEDS, 4, 50);
        List<Candidate> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(first, KeywordScorer.score(candidates, SEEDS, 4, 50));
        assertEquals(first, KeywordScorer.score(shuffled, SEEDS, 4, 50));
    }

    @Test
    void plural_word_order_punctuation_and_closed_compounds_are_one_keyword() {
        List<Candidate> candidates = List.of(
                new Candidate("medical image", "datamuse", 0.9, Double.NaN),
                new Candidate("Medical Images", "wikipedia", 0.8, Double.NaN),
                new Candidate("images, medical", "autocomplete", 0.7, Double.NaN),
                new Candidate("health care", "lexical", 0.9, Double.NaN),
                new Candidate("healthcare", "datamuse", 0.9, Double.NaN));
        List<String> terms = KeywordScorer.score(candidates, SEEDS, 4, 50).stream().map(KeywordScorer.Keyword::term).toList();
        assertEquals(2, terms.size(), terms.toString());
    }

    @Test
    void acronyms_keep_their_case_other_words_are_folded() {
        assertEquals("AI diagnostics", Terms.display("AI-Powered Diagnostics".replace("-Powered", "")));
        assertEquals("MRI scan", Terms.display("MRI Scan"));
        assertEquals("medical imaging", Terms.display("  Medical   IMAGING-") .replace("imaging", "imaging"));
    }

    @Test
    void stop_word_only_and_junk_phrases_are_dropped() {
        for (String junk : List.of("the of", "2024", "of medical", "a", "x", "imaging for", "one two three four five six")) {
            assertFalse(Terms.acceptable(junk), junk);
        }
    }

    @Test
    void near_me_and_best_are_accepted_at_the_edges_but_count_toward_five_words() {
        assertTrue(Terms.acceptable("water heater repair near me"));
        assertTrue(Terms.acceptable("best dental clinic"));
        assertFalse(Terms.acceptable("emergency water heater repair near me"), "six words");
        assertFalse(Terms.acceptable("best emergency water heater repair service"), "six words");
        assertFalse(Terms.acceptable("of near me"));
    }

    @Test
    void agreement_across_sources_raises_the_weight() {
        List<Candidate> candidates = List.of(
                new Candidate("radiology", "datamuse", 0.6, Double.NaN),
                new Candidate("radiology", "wikipedia", 0.6, Double.NaN),
                new Candidate("sonography", "datamuse", 0.6, Double.NaN));
        Map<String, Double> weights = KeywordScorer.score(candidates, SEEDS, 2, 10).stream()
                .collect(Collectors.toMap(KeywordScorer.Keyword::term, KeywordScorer.Keyword::weight));
        assertTrue(weights.get("radiology") > weights.get("sonography"));
    }

    @Test
    void diversity_keeps_variants_of_one_phrase_from_crowding_the_top() {
        List<Candidate> candidates = new ArrayList<>();
        for (String v : List.of("ai diagnostics platform", "ai diagnostics software", "ai diagnostics tool",
                "ai diagnostics cloud", "ai diagnostics clinic")) {
            candidates.add(new Candidate(v, "datamuse", 0.9, Double.NaN));
        }
        candidates.add(new Candidate("radiology", "datamuse", 0.8, Double.NaN));
        List<String> top = KeywordScorer.score(candidates, SEEDS, 1, 3).stream().map(KeywordScorer.Keyword::term).toList();
        assertTrue(top.contains("radiology"), top.toString());
    }

    @Test
    void offline_healthcare_seed_ranks_on_topic_terms_above_off_topic_ones() throws Exception {
        List<Candidate> candidates = new LexicalSource().candidates(SEEDS, Instant.now().plusSeconds(30));
        List<KeywordScorer.Keyword> keywords = KeywordScorer.score(candidates, SEEDS, 1, 50);
        List<String> terms = keywords.stream().map(KeywordScorer.Keyword::term).toList();
        Map<String, Double> weight = keywords.stream().collect(Collectors.toMap(KeywordScorer.Keyword::term, KeywordScorer.Keyword::weight));
        List<String> onTopic = List.of("AI diagnostics", "imaging", "sonography", "magnetic resonance imaging");
        List<String> offTopic = List.of("cost analysis", "fundamental analysis", "technical analysis", "chemical analysis");
        assertTrue(terms.containsAll(onTopic), terms.toString());
        for (String on : onTopic) {
            for (String off : offTopic) {
                if (weight.containsKey(off)) assertTrue(weight.get(on) > weight.get(off), on + " vs " + off + " in " + terms);
            }
        }
        for (String psychological : List.of("psychoanalysis", "imagination", "dream", "chimera")) {
            assertFalse(terms.subList(0, Math.min(15, terms.size())).contains(psychological), "wrong sense of a seed word: " + terms);
        }
        assertEquals(Set.of(), Set.copyOf(terms.subList(0, Math.min(10, terms.size()))).stream().filter(offTopic::contains).collect(Collectors.toSet()));
    }
}
