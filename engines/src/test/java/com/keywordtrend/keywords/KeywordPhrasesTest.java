package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phrases people search: hyphenated words whole, no lone fragment of a seed phrase, no modifier moved onto another noun. */
class KeywordPhrasesTest {

    static List<String> offline(String industry, String usp, String... services) {
        return new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30))
                .discover(new Seeds(industry, usp, List.of(services)), Instant.now().plusSeconds(30))
                .keywords().stream().map(KeywordScorer.Keyword::term).toList();
    }

    @Test
    void hyphenated_words_stay_whole_and_one_with_their_spaced_form() {
        assertEquals("same-day dental implants", Terms.display("Same-day dental implants"));
        assertEquals("e-commerce", Terms.display("e-commerce"));
        assertEquals("AI-powered diagnostics", Terms.display("AI-powered diagnostics"));
        assertEquals("cross-border", Terms.display("-cross-border-"));
        assertEquals(Terms.key("same day"), Terms.key("same-day"));
    }

    @Test
    void no_lone_fragment_of_a_seed_phrase_nor_a_modifier_on_another_noun() {
        List<String> dental = offline("dental clinic", "same-day dental implants", "implants", "teeth whitening", "orthodontics");
        assertTrue(dental.contains("same-day dental implants"), dental.toString());
        for (String broken : List.of("day", "same", "day dental implants", "dental clinic day dental implants", "teeth", "whitening")) {
            assertFalse(dental.contains(broken), broken + " in " + dental);
        }
        List<String> security = offline("cybersecurity", "zero-trust for small business", "penetration testing", "managed detection");
        for (String broken : List.of("zero", "trust", "small", "business", "detection", "penetration", "zero penetration testing",
                "zero managed detection", "nil", "cipher")) {
            assertFalse(security.contains(broken), broken + " in " + security);
        }
        List<String> fintech = offline("fintech", "instant cross-border payments", "remittances", "currency exchange");
        assertTrue(fintech.stream().anyMatch(t -> t.contains("cross-border")), fintech.toString());
        for (String broken : List.of("border", "cross", "instant", "blink of an eye", "instant remittances", "borderline")) {
            assertFalse(fintech.contains(broken), broken + " in " + fintech);
        }
    }

    @Test
    void keywords_are_grouped_by_the_service_they_were_found_for() {
        var job = com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000004", com.keywordtrend.model.JobType.ORCHESTRATE,
                "owner", Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                new com.keywordtrend.model.OrchestrateInputs("dental clinic", "same-day dental implants",
                        List.of("implants", "teeth whitening", "orthodontics")).toAttributes());
        var results = new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30))
                .run(job, (p, s) -> { }, Instant.now().plusSeconds(30));
        java.util.Map<String, String> clusterOf = new java.util.HashMap<>();
        results.keywords().forEach(k -> clusterOf.put(k.term(), k.cluster()));
        assertEquals("implants", clusterOf.get("dental implant"), "a narrower term goes with its service");
        assertEquals("teeth whitening", clusterOf.get("dental clinic teeth whitening"), "the service, not the industry");
        assertEquals("dental clinic", clusterOf.get("dental clinic"));
        assertEquals("same-day dental implants", clusterOf.get("same-day dental implants"));
        var labels = results.clusters().stream().map(com.keywordtrend.model.OrchestrateResults.Cluster::label).toList();
        assertEquals(labels.size(), java.util.Set.copyOf(labels).size(), "each theme once");
        int listed = results.clusters().stream().mapToInt(c -> c.terms().size()).sum();
        assertEquals(results.keywords().size(), listed, "every keyword in exactly one cluster");
        results.clusters().forEach(c -> c.terms().forEach(t -> assertEquals(c.label(), clusterOf.get(t))));
    }
}
