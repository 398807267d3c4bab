package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intent rules, one example or more for each, and their order when two rules match. */
class SearchIntentTest {

    @Test
    void each_rule_names_its_intent() {
        Map<String, SearchIntent> examples = Map.ofEntries(
                Map.entry("wise login", SearchIntent.NAVIGATIONAL),
                Map.entry("dental clinic website", SearchIntent.NAVIGATIONAL),
                Map.entry("emergency vet near me", SearchIntent.LOCAL),
                Map.entry("local solar installers", SearchIntent.LOCAL),
                Map.entry("dental implants cost", SearchIntent.TRANSACTIONAL),
                Map.entry("book personal training", SearchIntent.TRANSACTIONAL),
                Map.entry("homes for sale", SearchIntent.TRANSACTIONAL),
                Map.entry("best accounting software for freelancers", SearchIntent.COMMERCIAL),
                Map.entry("zero trust vs vpn", SearchIntent.COMMERCIAL),
                Map.entry("immigration lawyer", SearchIntent.COMMERCIAL),
                Map.entry("dental clinic", SearchIntent.COMMERCIAL),
                Map.entry("how much do dental implants cost", SearchIntent.INFORMATIONAL),
                Map.entry("what is net metering", SearchIntent.INFORMATIONAL),
                Map.entry("orthodontics", SearchIntent.INFORMATIONAL),
                Map.entry("magnetic resonance imaging", SearchIntent.INFORMATIONAL));
        examples.forEach((term, intent) -> assertEquals(intent, SearchIntent.of(term), term));
    }

    @Test
    void discovered_keywords_carry_their_intent_beside_the_contracts_term_and_weight() {
        var results = new KeywordDiscovery(java.util.List.of(new LexicalSource()), 20, java.time.Duration.ofSeconds(30))
                .run(com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000001", com.keywordtrend.model.JobType.ORCHESTRATE,
                        "owner", java.time.Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                        new com.keywordtrend.model.OrchestrateInputs("law firm", "fixed-fee immigration lawyers",
                                java.util.List.of("visas")).toAttributes()), (p, s) -> { }, java.time.Instant.now().plusSeconds(30));
        var keywords = results.toAttributes().get("keywords");
        keywords.forEach(k -> {
            assertEquals(SearchIntent.of(k.get("term").asText()).wireName(), k.get("intent").asText());
            assertEquals(true, k.get("weight").isNumber());
        });
        assertEquals("commercial", SearchIntent.of("law firm").wireName());
    }
}
