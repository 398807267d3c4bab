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

    private static com.keywordtrend.model.OrchestrateResults offlineResults(String industry, String usp, String... services) {
        var job = com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000005", com.keywordtrend.model.JobType.ORCHESTRATE,
                "owner", Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                new com.keywordtrend.model.OrchestrateInputs(industry, usp, List.of(services)).toAttributes());
        return new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30)).run(job, (p, s) -> { }, Instant.now().plusSeconds(30));
    }

    @Test
    void a_usp_of_four_words_or_more_is_offered_as_the_phrases_people_type_not_whole() {
        List<String> terms = offlineResults("solar energy", "home solar panel installation", "battery storage", "net metering")
                .keywords().stream().map(com.keywordtrend.model.OrchestrateResults.WeightedKeyword::term).toList();
        assertFalse(terms.contains("home solar panel installation"), terms.toString());
        assertTrue(terms.contains("solar panel installation"), terms.toString());
        assertEquals(List.of("gluten-free sourdough"), Lexicon.nounPhrases("gluten-free sourdough baked daily"));
        assertEquals(List.of("online maths tutoring", "GCSE"), Lexicon.nounPhrases("online maths tutoring for GCSE"));
    }

    @Test
    void the_industry_is_never_glued_to_a_service_or_to_the_usp() {
        var keywords = offlineResults("dental clinic", "same-day dental implants", "implants", "teeth whitening", "orthodontics").keywords();
        for (var k : keywords) {
            for (String glued : List.of("dental clinic implants", "dental clinic teeth whitening", "dental clinic orthodontics",
                    "dental clinic same-day dental implants")) {
                assertFalse(k.term().equalsIgnoreCase(glued), k.term());
            }
        }
    }

    @Test
    void every_keyword_says_where_it_came_from_and_a_built_form_says_it_is_one() {
        var keywords = offlineResults("dental clinic", "same-day dental implants", "implants", "teeth whitening", "orthodontics").keywords();
        java.util.Map<String, String> originOf = new java.util.HashMap<>();
        keywords.forEach(k -> originOf.put(k.term(), k.origin()));
        assertTrue(keywords.stream().allMatch(k -> k.origin() != null), keywords.toString());
        assertEquals("your words", originOf.get("teeth whitening"));
        assertEquals("form: near me", originOf.get("teeth whitening near me"));
        assertEquals("form: cost", originOf.get("teeth whitening cost"));
        assertEquals("WordNet: who provides it", originOf.get("orthodontist"));
        assertTrue(keywords.stream().filter(k -> QueryForms.isForm(k.origin())).noneMatch(
                com.keywordtrend.model.OrchestrateResults.WeightedKeyword::question), "a form is no question anybody asked");
    }

    @Test
    void a_location_adds_local_forms_whose_intent_is_local() {
        var job = com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000006", com.keywordtrend.model.JobType.ORCHESTRATE,
                "owner", Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                new com.keywordtrend.model.OrchestrateInputs("dental clinic", "same-day dental implants",
                        List.of("teeth whitening", "orthodontics"), "Shoreditch").toAttributes());
        var keywords = new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30))
                .run(job, (p, s) -> { }, Instant.now().plusSeconds(30)).keywords();
        var local = keywords.stream().filter(k -> k.term().endsWith(" in shoreditch")).toList();
        assertTrue(local.stream().anyMatch(k -> k.term().equals("teeth whitening in shoreditch")), keywords.toString());
        assertTrue(local.stream().allMatch(k -> k.intent().equals("local") && k.origin().equals("form: in your location")), local.toString());
        var none = offlineResults("dental clinic", "same-day dental implants", "teeth whitening", "orthodontics").keywords();
        assertTrue(none.stream().noneMatch(k -> k.term().contains(" in ")), "no location, no place form");
    }

    @Test
    void a_product_business_is_searched_by_its_services_as_the_product_and_for_whom_the_usp_names() {
        assertEquals("freelancers", QueryForms.audience("automated bookkeeping for freelancers"));
        assertEquals("small business", QueryForms.audience("zero-trust for small business"));
        assertEquals(null, QueryForms.audience("same-day dental implants"));
        var keywords = offlineResults("accounting software", "automated bookkeeping for freelancers", "invoicing", "expense tracking").keywords();
        java.util.Map<String, String> originOf = new java.util.HashMap<>();
        keywords.forEach(k -> originOf.put(k.term(), k.origin()));
        assertEquals("form: software", originOf.get("invoicing software"), keywords.toString());
        assertEquals(QueryForms.FOR_YOUR_CUSTOMERS, originOf.get("accounting software for freelancers"), keywords.toString());
    }

    @Test
    void an_occasion_a_business_serves_is_searched_with_the_business_never_alone_nearby() {
        assertTrue(QueryForms.isOccasion("weddings") && QueryForms.isOccasion("events"));
        assertFalse(QueryForms.isOccasion("implants") || QueryForms.isOccasion("surgery"));
        java.util.Map<String, String> originOf = origins(offlineResults("catering", "zero-waste single-origin menus", "weddings", "corporate events"));
        assertEquals(QueryForms.FOR_THE_OCCASION, originOf.get("wedding catering"), originOf.toString());
        assertEquals(QueryForms.FOR_THE_OCCASION, originOf.get("corporate event catering"), originOf.toString());
        assertEquals(QueryForms.NEAR_ME, originOf.get("wedding catering near me"), originOf.toString());
        assertFalse(originOf.containsKey("weddings near me"), "nobody looks for a wedding near them from a caterer");
        assertEquals(QueryForms.COST, originOf.get("catering cost"), "a trade with a practitioner is searched with its price");
    }

    @Test
    void best_x_is_another_keyword_than_x_and_a_place_or_person_the_usp_names_is_searched_nearby() {
        assertFalse(Terms.key("best dental clinic").equals(Terms.key("dental clinic")));
        java.util.Map<String, String> gym = origins(offlineResults("fitness", "24-hour boutique gym", "personal training", "yoga"));
        assertEquals(QueryForms.BEST, gym.get("best gym"), gym.toString());
        assertEquals(QueryForms.NEAR_ME, gym.get("gym near me"), gym.toString());
        assertEquals(QueryForms.SHORTENED, gym.get("gym"), "the place the USP names is the business, no fragment of it");
        assertEquals(QueryForms.SHORTENED, gym.get("24-hour gym"), "a hyphenated number is a word people type, not a bare number");
        java.util.Map<String, String> law = origins(offlineResults("law firm", "fixed-fee immigration lawyers", "visas", "citizenship"));
        assertEquals(QueryForms.NEAR_ME, law.get("immigration lawyer near me"), law.toString());
        assertEquals(QueryForms.WHO_HELPS, law.get("visa lawyer"), law.toString());
        assertEquals(QueryForms.BEST, origins(offlineResults("dental clinic", "same-day dental implants", "implants")).get("best dental clinic"));
    }

    @Test
    void a_clinic_named_by_its_field_is_searched_as_its_practitioner_too() {
        assertEquals("dentist", Lexicon.provider("dental clinic"));
        assertEquals("vet", Lexicon.provider("veterinary clinic"));
        assertEquals(null, Lexicon.practitionerOf("solar"), "the sun practises nothing");
        java.util.Map<String, String> dental = origins(offlineResults("dental clinic", "same-day dental implants", "implants", "teeth whitening"));
        for (String term : List.of("dentist near me", "dental clinic near me")) assertEquals(QueryForms.NEAR_ME, dental.get(term), term + " in " + dental);
        assertEquals(QueryForms.BEST, dental.get("best dentist"), dental.toString());
        assertEquals(QueryForms.PRICES, dental.get("dental clinic prices"), dental.toString());
        java.util.Map<String, String> vet = origins(offlineResults("veterinary clinic", "emergency pet care", "vaccinations", "surgery"));
        assertTrue(vet.keySet().stream().noneMatch(t -> t.startsWith("surgery vet")), "a derived practitioner is not glued to a service: " + vet);
    }

    @Test
    void work_done_at_the_customers_home_is_local_and_a_word_judged_off_topic_takes_its_forms_with_it() {
        var semantic = new KeywordDiscovery(List.of(new LexicalSource(SemanticRelevance.shared())), 50, Duration.ofSeconds(30),
                KeywordDiscovery.semantic());
        List<String> solar = semantic.discover(new Seeds("solar energy", "home solar panel installation",
                List.of("battery storage", "net metering", "financing")), Instant.now().plusSeconds(30))
                .keywords().stream().map(KeywordScorer.Keyword::term).toList();
        assertTrue(solar.contains("solar energy near me") && solar.contains("battery storage near me"), solar.toString());
        assertTrue(solar.stream().noneMatch(t -> t.contains("financing")), "financing (0.14 from the rest) went, so do its forms: " + solar);
    }

    @Test
    void an_apostrophe_within_a_word_is_kept_as_typed() {
        assertEquals("men's haircuts", Terms.display("Men's haircuts"));
        assertEquals("clients", Terms.display("'clients'"));
        assertEquals(Terms.key("men s haircuts"), Terms.key("men's haircuts"), "a keyword's identity is unchanged");
        java.util.Map<String, String> salon = origins(offlineResults("hair salon", "organic hair colour", "balayage", "men's haircuts"));
        assertEquals("your words", salon.get("men's haircuts"), salon.toString());
        assertEquals(QueryForms.COST, salon.get("balayage cost"), salon.toString());
    }

    @Test
    void a_trade_word_the_lexicon_does_not_know_is_kept_as_the_user_wrote_it() {
        var semantic = new KeywordDiscovery(List.of(new LexicalSource(SemanticRelevance.shared())), 50, Duration.ofSeconds(30),
                KeywordDiscovery.semantic());
        List<String> fintech = semantic.discover(new Seeds("fintech", "instant cross-border payments", List.of("remittances", "currency exchange")),
                Instant.now().plusSeconds(30)).keywords().stream().map(KeywordScorer.Keyword::term).toList();
        assertTrue(fintech.contains("fintech"), fintech.toString());
        List<String> salon = semantic.discover(new Seeds("hair salon", "organic hair colour", List.of("balayage", "keratin treatment")),
                Instant.now().plusSeconds(30)).keywords().stream().map(KeywordScorer.Keyword::term).toList();
        assertTrue(salon.contains("balayage") && salon.contains("balayage near me"), salon.toString());
    }

    @Test
    void an_online_business_gets_online_and_services_forms_never_near_me() {
        java.util.Map<String, String> fintech = origins(offlineResults("fintech", "instant cross-border payments", "currency exchange", "business accounts"));
        assertEquals(QueryForms.ONLINE, fintech.get("currency exchange online"), fintech.toString());
        assertEquals(QueryForms.BEST, fintech.get("best business accounts"), fintech.toString());
        java.util.Map<String, String> security = origins(offlineResults("cybersecurity", "zero-trust for small business", "penetration testing"));
        assertEquals(QueryForms.SERVICES, security.get("penetration testing services"), security.toString());
        assertTrue(fintech.keySet().stream().noneMatch(t -> t.endsWith("near me")) && security.keySet().stream().noneMatch(t -> t.endsWith("near me")));
        assertEquals("manager", Lexicon.agentForms("management").getFirst());
    }

    private static java.util.Map<String, String> origins(com.keywordtrend.model.OrchestrateResults results) {
        java.util.Map<String, String> originOf = new java.util.HashMap<>();
        results.keywords().forEach(k -> originOf.put(k.term(), k.origin()));
        return originOf;
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
        assertEquals("orthodontics", clusterOf.get("orthodontist"), "who provides a service goes with the service");
        assertEquals("teeth whitening", clusterOf.get("teeth whitening near me"), "a form goes with the service it is built on, not the industry");
        assertEquals("dental clinic", clusterOf.get("dental clinic"));
        assertEquals("same-day dental implants", clusterOf.get("same-day dental implants"));
        var labels = results.clusters().stream().map(com.keywordtrend.model.OrchestrateResults.Cluster::label).toList();
        assertEquals(labels.size(), java.util.Set.copyOf(labels).size(), "each theme once");
        int listed = results.clusters().stream().mapToInt(c -> c.terms().size()).sum();
        assertEquals(results.keywords().size(), listed, "every keyword in exactly one cluster");
        results.clusters().forEach(c -> c.terms().forEach(t -> assertEquals(c.label(), clusterOf.get(t))));
    }
}
