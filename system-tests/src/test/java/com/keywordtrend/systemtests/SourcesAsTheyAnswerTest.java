package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.LocalRunnerException;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.RecordedApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner with its live sources on (not --offline), every *_URL pointing at a local server that
 * replays the bodies the real APIs answered (engines' test resources, sources/README.md): what the
 * client sees in a job's {@code sources} for each kind of answer, and what the sources see of us.
 */
class SourcesAsTheyAnswerTest {
    static final String NO_ARTICLE = "[\"x\",[],[],[]]";
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");

    static RecordedApi sources;
    static LocalRunner runner;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        sources = new RecordedApi().withLatency(50); // answers take a while, so that requests fanned out would overlap
        String base = sources.base().toString();
        // GDELT's one request per 5 s (SourceClientTest holds each source to its pace) made the throttled keyword's
        // tries alone take 20 s here; what this class reads is how the sources answer
        runner = LocalRunner.start(TestRunners.live("SourcesAsTheyAnswerTest", Map.of("DATAMUSE_URL", base, "WIKIPEDIA_URL", base,
                "AUTOCOMPLETE_URL", base, "WIKIMEDIA_URL", base, "GDELT_URL", base, "TRENDS_GDELT", "true",
                "SOURCES_GDELT_MIN_INTERVAL_MS", "0")));
        api = new ApiClient(runner.apiBase());
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
        if (sources != null) sources.close();
    }

    static final Predicate<String> WIKIMEDIA = path -> path.startsWith("/w/api.php") || path.startsWith("/api/rest_v1/");

    @Test
    void keyword_job_reads_datamuse_as_it_answers_and_names_wikipedias_throttling() throws Exception {
        sources.on("/words", Reply.fixture("datamuse-phrases-f0.json").gzipped());
        sources.on("/w/api.php", Reply.fixture("mediawiki-ratelimited.json", 200, JSON));
        sources.on("/ac/", Reply.fixture("autocomplete.json"));
        int before = sources.requests.size(); // the tests share the server: only this job's requests are counted
        String id = api.start("/orchestrate", "{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\"]}");
        JsonNode job = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(120));
        List<RecordedApi.Seen> requests = List.copyOf(sources.requests.subList(before, sources.requests.size()));
        long datamuseCalls = requests.stream().filter(r -> r.path().startsWith("/words")).count(); // one per seed phrase
        Map<String, JsonNode> byName = new HashMap<>();
        job.path("sources").forEach(s -> byName.put(s.path("name").asText(), s));
        assertAll(job.toString(),
                () -> assertEquals("COMPLETED", job.path("status").asText()),
                () -> assertEquals("ok", byName.get("datamuse").path("status").asText(), "a gzipped answer is read"),
                () -> assertEquals(7 * datamuseCalls, byName.get("datamuse").path("candidates").asInt(), "all 7 results of each seed phrase"),
                () -> assertEquals("failed", byName.get("wikipedia").path("status").asText()),
                () -> assertEquals("wikipedia is rate limiting us", byName.get("wikipedia").path("error").asText(),
                        "MediaWiki's ratelimited error, sent with status 200, is throttling, not a malformed answer"),
                () -> assertEquals("ok", byName.get("autocomplete").path("status").asText()),
                () -> assertEquals(4 * datamuseCalls, requests.stream().filter(r -> r.path().startsWith("/w/api.php")).count(),
                        "ratelimited is retried as a 429 is: the first try and three retries for each seed phrase"),
                () -> assertEquals(1, sources.maxInFlight(WIKIMEDIA), "one Wikipedia request in flight at a time"));
        assertEtiquette();
        // the invocation publishes its metrics after its last job is written: awaited, not assumed
        Path log = Path.of("target/function-logs/SourcesAsTheyAnswerTest.log");
        String emf = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> Files.readAllLines(log).stream().filter(l -> l.contains("\"SourceRequests\"") && l.contains("\"datamuse\""))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        assertTrue(emf.contains("\"Source\""), emf);
    }

    @Test
    void trends_job_reports_zeros_missing_articles_no_coverage_and_throttling_each_as_such() throws Exception {
        sources.onQuery("search=dog%20grooming", Reply.json("[\"dog grooming\",[\"Mobile dog grooming\"],[\"\"],[\"\"]]"));
        sources.onQuery("search=quiet%20topic", Reply.json("[\"quiet topic\",[\"Quiet topic\"],[\"\"],[\"\"]]"));
        for (String noArticle : List.of("news%20only", "nothing%20anywhere", "throttled%20news")) {
            sources.onQuery("search=" + noArticle, Reply.json(NO_ARTICLE)); // the tests share the server: no catch-all
        }
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Mobile_dog_grooming/",
                Reply.fixture("pageviews-daily-sparse.json").gzipped());
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Quiet_topic/",
                Reply.fixture("pageviews-404.json", 404, Map.of("Content-Type", "application/problem+json")));
        sources.onQuery("query=%22news%20only%22", Reply.fixture("gdelt-timelinevol.json"));
        sources.onQuery("query=%22nothing%20anywhere%22", Reply.fixture("gdelt-no-coverage.json"));
        sources.onQuery("query=%22throttled%20news%22", Reply.fixture("gdelt-throttled.txt", 200, Map.of("Content-Type", "text/html")));
        String id = api.start("/trends", "{\"industry\":\"pet care\",\"granularity\":\"weekly\",\"start_date\":\"2025-01-05\","
                + "\"end_date\":\"2025-01-19\",\"keywords\":[\"dog grooming\",\"quiet topic\",\"news only\",\"nothing anywhere\",\"throttled news\"]}");
        JsonNode job = api.awaitFinal("/trends", id, Duration.ofSeconds(180));
        Map<String, JsonNode> byKeyword = new HashMap<>();
        job.path("sources").forEach(s -> byKeyword.put(s.path("keyword").asText(), s));
        List<Double> dogGrooming = new java.util.ArrayList<>();
        job.path("timeline").forEach(point -> dogGrooming.add(point.path("values").path("dog grooming").asDouble(Double.NaN)));
        assertAll(job.toString(),
                () -> assertEquals("COMPLETED", job.path("status").asText()),
                () -> assertEquals(List.of(100.0, 0.0, 50.0), dogGrooming, "4, 0 and 2 views on the 0–100 scale: weeks the API leaves out are zero views, not gaps"),
                () -> assertEquals("ok", byKeyword.get("quiet topic").path("status").asText(), "a 404 for an article is no views"),
                () -> assertEquals("no views of Quiet topic in this period", byKeyword.get("quiet topic").path("reason").asText()),
                () -> assertEquals("gdelt_news_volume", byKeyword.get("news only").path("source").asText()),
                () -> assertEquals("no data", byKeyword.get("nothing anywhere").path("status").asText(), "GDELT's {} is no coverage"),
                () -> assertEquals("no Wikipedia article; no news coverage on GDELT", byKeyword.get("nothing anywhere").path("reason").asText()),
                () -> assertEquals("source failed", byKeyword.get("throttled news").path("status").asText()),
                () -> assertEquals("no Wikipedia article; gdelt is rate limiting us", byKeyword.get("throttled news").path("reason").asText()),
                () -> assertEquals(1, sources.maxInFlight(WIKIMEDIA), "one Wikipedia/Wikimedia request in flight at a time"));
        assertEtiquette();
    }

    @Test
    void the_same_trends_job_again_makes_no_outbound_call_and_says_its_answers_came_from_the_cache() throws Exception {
        sources.onQuery("search=cached%20topic", Reply.json("[\"cached topic\",[\"Cached topic\"],[\"\"],[\"\"]]"));
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Cached_topic/",
                Reply.fixture("pageviews-monthly-captured.json"));
        String body = "{\"industry\":\"media\",\"start_date\":\"2020-01-01\",\"end_date\":\"2020-05-01\",\"keywords\":[\"cached topic\"]}";
        JsonNode first = api.awaitFinal("/trends", api.start("/trends", body), Duration.ofSeconds(60));
        long calls = sources.requests.size();
        JsonNode second = api.awaitFinal("/trends", api.start("/trends", body), Duration.ofSeconds(60));
        assertAll(second.toString(),
                () -> assertEquals("COMPLETED", second.path("status").asText()),
                () -> assertEquals(calls, sources.requests.size(), "no outbound call the second time"),
                () -> assertEquals(first.path("timeline"), second.path("timeline"), "the same answer"),
                () -> assertEquals(0, first.path("sources").get(0).path("cache").path("hits").asInt()),
                () -> assertEquals(2, first.path("sources").get(0).path("cache").path("misses").asInt(), "opensearch and pageviews"),
                () -> assertEquals(2, second.path("sources").get(0).path("cache").path("hits").asInt()),
                () -> assertEquals(0, second.path("sources").get(0).path("cache").path("misses").asInt()));
    }

    static void assertEtiquette() {
        assertAll(
                () -> assertTrue(sources.requests.stream().allMatch(r -> r.userAgent().contains(TestRunners.CONTACT)),
                        "every call names the operator's contact: " + sources.requests.getFirst().userAgent()),
                () -> assertTrue(sources.requests.stream().allMatch(r -> "gzip".equals(r.acceptEncoding())), "every call accepts gzip"),
                () -> assertTrue(sources.requests.stream().filter(r -> r.path().startsWith("/w/api.php")).allMatch(r -> r.query().contains("maxlag=5")),
                        "every Action API call offers maxlag"));
    }

    @Test
    void live_sources_without_a_contact_are_refused_before_anything_starts() {
        LocalRunnerException none = assertThrows(LocalRunnerException.class, () -> LocalRunner.start(
                TestRunners.options("SourcesAsTheyAnswerTest-refused").parameter("SourcesOffline", "false")));
        assertTrue(none.getMessage().contains("--contact"), none.getMessage());
        LocalRunnerException notAContact = assertThrows(LocalRunnerException.class, () -> LocalRunner.start(
                TestRunners.live("SourcesAsTheyAnswerTest-refused", Map.of()).parameter("SourcesContact", "keyword-trend")));
        assertEquals("parameter SourcesContact must be an e-mail address or an http(s) URL", notAContact.getMessage());
    }
}
