package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The offline path (the lexical source alone) against keyword judgments written before tuning
 * (src/test/resources/keywords/judged-profiles.json: 12 businesses of issue 9, and 8 of issue 20, 7
 * of them held out). Reports precision and nDCG at 10 and 20 per profile and for each part, and the
 * irrelevant terms in each top 20; fails below the floors (set on the issue-9 twelve), which only ever rise.
 */
class OfflineKeywordEvaluationTest {
    /**
     * The figures of the offline path with meaning on the issue-9 profiles, rounded down. Issue 9 ended
     * at 0.725 / 0.814 against its own judgements. Issue 20 moved the glued industry + service phrases
     * those judgements called relevant to irrelevant, and added the forms a marketer bids on; against
     * those judgements the issue-9 engine scores 0.433 / 0.443 and issue 20's 0.792 / 0.851.
     */
    static final double PRECISION_FLOOR = 0.79;
    static final double NDCG_FLOOR = 0.85;

    /**
     * A judged business: {@code part} is "issue-9" for the twelve the floors were set on, "tuning" for
     * one added with issue 20, "held-out" for those only ever reported, never tuned on.
     */
    record Judged(Seeds seeds, Set<String> relevant, Set<String> irrelevant, String part) {
        boolean heldOut() {
            return part.equals(HELD_OUT);
        }
    }

    record Scores(double precision, double ndcg, List<String> irrelevantInTop, List<String> unjudgedInTop) {
    }

    static final String HELD_OUT = "held-out";

    static List<Judged> profiles() throws Exception {
        try (InputStream in = OfflineKeywordEvaluationTest.class.getResourceAsStream("/keywords/judged-profiles.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Judged> profiles = new ArrayList<>();
            for (JsonNode p : root.get("profiles")) {
                List<String> services = new ArrayList<>();
                p.get("key_services").forEach(s -> services.add(s.asText()));
                profiles.add(new Judged(new Seeds(p.get("industry").asText(), p.get("usp").asText(), services),
                        normalized(p.get("relevant")), normalized(p.get("irrelevant")), p.path("part").asText("issue-9")));
            }
            return profiles;
        }
    }

    static String normalize(String term) {
        return term.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static Set<String> normalized(JsonNode terms) {
        Set<String> set = new HashSet<>();
        terms.forEach(t -> set.add(normalize(t.asText())));
        return set;
    }

    /** Binary relevance at 10; a term nobody judged counts as not relevant. */
    static Scores score(List<String> ranked, Judged judged) {
        return score(ranked, judged, 10);
    }

    /** Binary relevance at {@code k}; a term nobody judged counts as not relevant. */
    static Scores score(List<String> ranked, Judged judged, int k) {
        List<String> top = ranked.subList(0, Math.min(k, ranked.size()));
        double dcg = 0;
        int hits = 0;
        List<String> irrelevant = new ArrayList<>();
        List<String> unjudged = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            String term = normalize(top.get(i));
            if (judged.relevant().contains(term)) {
                hits++;
                dcg += 1 / (Math.log(i + 2) / Math.log(2));
            } else if (judged.irrelevant().contains(term)) {
                irrelevant.add(top.get(i));
            } else {
                unjudged.add(top.get(i));
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, judged.relevant().size()); i++) ideal += 1 / (Math.log(i + 2) / Math.log(2));
        return new Scores(hits / (double) k, dcg / ideal, irrelevant, unjudged);
    }

    /** Means over the issue-9 profiles (what the floors are for); the tuning and held-out parts are printed apart. */
    record Evaluation(double precision, double ndcg, List<String> irrelevantInTop) {
    }

    static Evaluation evaluate(String label, LexicalSource source, KeywordScorer.Similarity similarity) throws Exception {
        KeywordDiscovery offline = new KeywordDiscovery(List.of(source), 50, Duration.ofSeconds(60), similarity);
        java.util.Map<String, double[]> sums = new java.util.LinkedHashMap<>(); // part → P@10, nDCG@10, P@20, nDCG@20, count, fewest
        List<String> irrelevant = new ArrayList<>();
        for (Judged judged : profiles()) {
            List<String> ranked = offline.discover(judged.seeds(), Instant.now().plusSeconds(60)).keywords().stream()
                    .map(KeywordScorer.Keyword::term).toList();
            Scores at10 = score(ranked, judged, 10);
            Scores at20 = score(ranked, judged, 20);
            for (String part : judged.heldOut() ? List.of(HELD_OUT) : List.of(judged.part(), "tuning+issue-9")) {
                double[] into = sums.computeIfAbsent(part, p -> new double[] {0, 0, 0, 0, 0, Double.MAX_VALUE});
                into[0] += at10.precision();
                into[1] += at10.ndcg();
                into[2] += at20.precision();
                into[3] += at20.ndcg();
                into[4]++;
                into[5] = Math.min(into[5], ranked.size());
            }
            if (judged.part().equals("issue-9")) at10.irrelevantInTop().forEach(term -> irrelevant.add(judged.seeds().industry() + ": " + term));
            System.out.printf("EVAL %s %-8s %-22s %2d keywords P@10 %.2f nDCG@10 %.2f P@20 %.2f nDCG@20 %.2f irrelevant in top 20: %s; unjudged: %s%n",
                    label, judged.part(), judged.seeds().industry(), ranked.size(), at10.precision(), at10.ndcg(),
                    at20.precision(), at20.ndcg(), at20.irrelevantInTop(), at20.unjudgedInTop());
        }
        sums.forEach((part, s) -> System.out.printf(
                "EVAL %s %s, %.0f profiles: precision@10 %.3f, nDCG@10 %.3f, precision@20 %.3f, nDCG@20 %.3f, fewest keywords %.0f%n",
                label, part, s[4], s[0] / s[4], s[1] / s[4], s[2] / s[4], s[3] / s[4], s[5]));
        double[] floorPart = sums.get("issue-9");
        assertTrue(floorPart[4] >= 12 && sums.get(HELD_OUT)[4] >= 7);
        return new Evaluation(floorPart[0] / floorPart[4], floorPart[1] / floorPart[4], irrelevant);
    }

    @Test
    void offline_keywords_meet_the_floors_with_no_judged_irrelevant_term_in_any_top_10() throws Exception {
        Evaluation evaluation = evaluate("semantic", new LexicalSource(SemanticRelevance.shared()), KeywordDiscovery.semantic());
        assertTrue(evaluation.precision() >= PRECISION_FLOOR, "precision@10 " + evaluation.precision());
        assertTrue(evaluation.ndcg() >= NDCG_FLOOR, "nDCG@10 " + evaluation.ndcg());
        assertEquals(List.of(), evaluation.irrelevantInTop(), "judged irrelevant, yet in a top 10");
    }

    @Test
    void meaning_keeps_out_the_irrelevant_terms_that_words_alone_let_in() throws Exception {
        Evaluation withMeaning = evaluate("semantic", new LexicalSource(SemanticRelevance.shared()), KeywordDiscovery.semantic());
        Evaluation wordsAlone = evaluate("lexical", new LexicalSource(), KeywordScorer.Similarity.NONE);
        assertTrue(withMeaning.irrelevantInTop().size() < wordsAlone.irrelevantInTop().size(),
                withMeaning.irrelevantInTop() + " against " + wordsAlone.irrelevantInTop());
    }
}
