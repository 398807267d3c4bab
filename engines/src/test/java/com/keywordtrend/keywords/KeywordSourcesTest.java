package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.engines.JobFailedException;
import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each keyword source against a local server answering in that API's documented format. */
class KeywordSourcesTest {
    static final Seeds SEEDS = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging"));

    RecordedApi api;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordedApi();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    SourceClient client(String name) {
        return new SourceClient(SourceClient.Config.defaults(name, "keyword-trend-tests/1.0")
                .withRequestTimeout(Duration.ofMillis(500)).withBackoff(Duration.ofMillis(10)).withMinInterval(Duration.ZERO));
    }

    static Instant soon() {
        return Instant.now().plusSeconds(10);
    }

    @Test
    void datamuse_asks_for_meaning_with_the_industry_as_topic_and_reads_scores_and_frequencies() throws Exception {
        api.on("/words", Reply.fixture("datamuse-ml.json"));
        List<Candidate> found = new DatamuseSource(client("datamuse"), api.base()).candidates(SEEDS, soon());
        assertTrue(api.requests.stream().allMatch(r -> r.query().contains("topics=healthcare") && r.query().contains("md=f")));
        assertEquals(SEEDS.phrases().size(), api.requests.size(), "one call per seed phrase");
        Candidate top = found.getFirst();
        assertEquals("medical imaging", top.term());
        assertEquals(1.0, top.relevance());
        assertEquals((Math.log10(2.5) + 2) / 4, top.popularity(), 1e-9);
        assertTrue(Double.isNaN(found.get(2).popularity()), "no f: tag, no popularity");
    }

    @Test
    void datamuse_phrases_tagged_f0_have_unknown_popularity_not_the_lowest() throws Exception {
        // a captured answer (resources/sources/README.md): phrases tagged f:0.000000, results without a score
        api.on("/words", Reply.fixture("datamuse-phrases-f0.json"));
        Map<String, Candidate> byTerm = new java.util.HashMap<>();
        new DatamuseSource(client("datamuse"), api.base()).candidates(SEEDS, soon()).forEach(c -> byTerm.putIfAbsent(c.term(), c));
        assertTrue(Double.isNaN(byTerm.get("let phil").popularity()), "f:0.000000 is no count, not the rarest");
        assertTrue(Double.isNaN(byTerm.get("set fill").popularity()));
        assertTrue(byTerm.get("met phil").popularity() >= 0, "a phrase with a count keeps it");
        assertEquals((Math.log10(0.573512) + 2) / 4, byTerm.get("fretful").popularity(), 1e-9);
        assertTrue(byTerm.get("let phil").relevance() > 0, "results without a score are ranked by position");
    }

    @Test
    void datamuse_empty_result_is_no_candidates_not_a_failure() throws Exception {
        api.on("/words", Reply.fixture("datamuse-empty.json"));
        assertTrue(new DatamuseSource(client("datamuse"), api.base()).candidates(SEEDS, soon()).isEmpty());
    }

    @Test
    void datamuse_malformed_answer_fails_the_source() {
        api.on("/words", Reply.json("{\"words\": oops"));
        SourceException e = assertThrows(SourceException.class,
                () -> new DatamuseSource(client("datamuse"), api.base()).candidates(SEEDS, soon()));
        assertEquals("datamuse sent a malformed response", e.getMessage());
    }

    @Test
    void wikipedia_takes_opensearch_titles_then_articles_like_the_first() throws Exception {
        api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
        api.onQuery("list=search", Reply.fixture("wikipedia-morelike.json"));
        Seeds one = new Seeds("medical imaging", "x", List.of());
        List<Candidate> found = new WikipediaSource(client("wikipedia"), api.base()).candidates(one, soon());
        List<String> terms = found.stream().map(Candidate::term).toList();
        assertTrue(terms.containsAll(List.of("Medical imaging", "Radiology", "Magnetic resonance imaging")), terms.toString());
        assertTrue(api.requests.stream().anyMatch(r -> r.query().contains("srsearch=morelike%3AMedical%20imaging")));
    }

    @Test
    void autocomplete_suggestions_are_candidates_with_a_popularity_by_rank() throws Exception {
        api.on("/ac/", Reply.fixture("autocomplete.json"));
        List<Candidate> found = new AutocompleteSource(client("autocomplete"), api.base()).candidates(SEEDS, soon());
        assertEquals("medical imaging jobs", found.getFirst().term());
        assertTrue(found.getFirst().popularity() > found.get(1).popularity());
    }

    @Test
    void one_failing_source_degrades_the_result_and_is_reported() {
        api.on("/words", Reply.fixture("datamuse-ml.json"));
        api.on("/ac/", Reply.status(500, Map.of()));
        KeywordDiscovery discovery = new KeywordDiscovery(List.of(new LexicalSource(),
                new DatamuseSource(client("datamuse"), api.base()),
                new AutocompleteSource(client("autocomplete"), api.base())), 20, Duration.ofSeconds(30));
        KeywordDiscovery.Discovery result = discovery.discover(SEEDS, soon());
        assertFalse(result.keywords().isEmpty());
        var reports = result.sources();
        assertEquals(List.of("lexical", "datamuse", "autocomplete"), reports.stream().map(com.keywordtrend.model.OrchestrateResults.SourceReport::name).toList());
        assertTrue(reports.get(0).ok() && reports.get(1).ok());
        assertFalse(reports.get(2).ok());
        assertEquals("autocomplete failed with HTTP 500", reports.get(2).error());
        assertTrue(result.keywords().stream().anyMatch(k -> k.term().equals("medical imaging")));
    }

    @Test
    void all_sources_failing_with_no_offline_source_fails_the_job_saying_so() {
        api.on("/words", Reply.status(503, Map.of()));
        api.on("/ac/", Reply.json("not json"));
        KeywordDiscovery discovery = new KeywordDiscovery(List.of(new DatamuseSource(client("datamuse"), api.base()),
                new AutocompleteSource(client("autocomplete"), api.base())), 20, Duration.ofSeconds(30));
        JobFailedException e = assertThrows(JobFailedException.class, () -> discovery.discover(SEEDS, soon()));
        assertTrue(e.getMessage().startsWith("No keyword source could find keywords"), e.getMessage());
        assertTrue(e.getMessage().contains("datamuse") && e.getMessage().contains("autocomplete"));
    }

    @Test
    void sources_are_asked_concurrently() {
        api.withLatency(300);
        api.on("/words", Reply.fixture("datamuse-ml.json"));
        api.on("/ac/", Reply.fixture("autocomplete.json"));
        KeywordDiscovery discovery = new KeywordDiscovery(List.of(
                new DatamuseSource(client("datamuse"), api.base()),
                new AutocompleteSource(client("autocomplete"), api.base())), 20, Duration.ofSeconds(30));
        discovery.discover(SEEDS, soon());
        // each answer takes 300 ms, so calls made one at a time would never overlap at the server
        assertTrue(api.maxInFlight.get() >= 4, "at most " + api.maxInFlight.get() + " calls at once");
    }

    @Test
    void autocomplete_completes_question_prompts_and_the_questions_are_marked_in_the_results() throws Exception {
        api.onQuery("q=how", Reply.json("[{\"phrase\":\"how accurate are AI diagnostics\"}]"));
        api.onQuery("q=best", Reply.json("[{\"phrase\":\"best AI diagnostics tools\"}]"));
        api.onQuery("vs", Reply.json("[{\"phrase\":\"AI diagnostics vs radiologists\"}]"));
        api.on("/ac/", Reply.fixture("autocomplete.json"));
        KeywordDiscovery discovery = new KeywordDiscovery(List.of(new LexicalSource(),
                new AutocompleteSource(client("autocomplete"), api.base())), 50, Duration.ofSeconds(30));
        var job = com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000002", com.keywordtrend.model.JobType.ORCHESTRATE,
                "owner", Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                new com.keywordtrend.model.OrchestrateInputs("healthcare", "AI-powered diagnostics", List.of("imaging")).toAttributes());
        var keywords = discovery.run(job, (p, s) -> { }, soon()).keywords();
        assertTrue(api.requests.stream().anyMatch(r -> r.query().contains("q=how+healthcare") || r.query().contains("q=how%20healthcare")),
                api.requests.toString());
        List<String> questions = keywords.stream().filter(com.keywordtrend.model.OrchestrateResults.WeightedKeyword::question)
                .map(com.keywordtrend.model.OrchestrateResults.WeightedKeyword::term).toList();
        assertTrue(questions.contains("how accurate are AI diagnostics"), questions.toString());
        assertTrue(questions.contains("AI diagnostics vs radiologists"), questions.toString());
        assertTrue(keywords.stream().filter(k -> k.term().equals("medical imaging software")).noneMatch(
                com.keywordtrend.model.OrchestrateResults.WeightedKeyword::question), "a plain suggestion is no question");
    }

    @Test
    void offline_discovery_invents_no_question() throws Exception {
        KeywordDiscovery offline = new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30));
        var job = com.keywordtrend.model.Job.pending("00000000-0000-4000-8000-000000000003", com.keywordtrend.model.JobType.ORCHESTRATE,
                "owner", Instant.now(), com.keywordtrend.model.JobPolicy.DEFAULT,
                new com.keywordtrend.model.OrchestrateInputs("law firm", "fixed-fee immigration lawyers", List.of("visas")).toAttributes());
        assertTrue(offline.run(job, (p, s) -> { }, soon()).keywords().stream()
                .noneMatch(com.keywordtrend.model.OrchestrateResults.WeightedKeyword::question));
        assertTrue(SearchIntent.isQuestion("how much do dental implants cost"));
        assertTrue(SearchIntent.isQuestion("emergency vet near me"));
        assertFalse(SearchIntent.isQuestion("dental implants"));
    }
}
