package com.keywordtrend.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.keywords.Candidate;
import com.keywordtrend.keywords.DatamuseSource;
import com.keywordtrend.keywords.KeywordDiscovery;
import com.keywordtrend.keywords.Seeds;
import com.keywordtrend.keywords.WikipediaSource;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.trends.GdeltSource;
import com.keywordtrend.trends.Granularity;
import com.keywordtrend.trends.PageviewsSource;
import com.keywordtrend.trends.TrendAnalysis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sources' clients against the bodies the real APIs answered (resources/sources/README.md says
 * where each came from), with each source's production client settings, only the waits shortened.
 */
class CapturedAnswersTest {
    static final String UA = "keyword-trend/1.0 (ops@example.org) java.net.http";
    static final Seeds SEEDS = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging"));
    /** Long after every date the pageviews tests ask for: all of them are loaded. */
    static final Clock LATER = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    RecordedApi api;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordedApi();
        SourceUsage.drain();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    static SourceClient client(SourceClient.Config production) {
        return new SourceClient(production.withMinInterval(Duration.ZERO).withBackoff(Duration.ofMillis(10)));
    }

    static Instant soon() {
        return Instant.now().plusSeconds(10);
    }

    PageviewsSource pageviews(Clock clock) {
        return new PageviewsSource(client(SourceClients.wikipedia(UA)), api.base(), client(SourceClients.pageviews(UA)), api.base(), clock);
    }

    // --- Datamuse

    @Test
    void datamuse_empty_answer_is_no_candidates() throws Exception {
        api.on("/words", Reply.fixture("datamuse-empty.json"));
        assertTrue(new DatamuseSource(client(SourceClients.datamuse(UA)), api.base()).candidates(SEEDS, soon()).isEmpty());
    }

    @Test
    void datamuse_throttling_is_retried_then_reported_as_rate_limiting() {
        // written by us: Datamuse documents no throttling answer; a front end's plain 429
        api.on("/words", Reply.status(429, Map.of("Content-Type", "text/plain")));
        SourceException e = assertThrows(SourceException.class,
                () -> new DatamuseSource(client(SourceClients.datamuse(UA)), api.base()).candidates(SEEDS, soon()));
        assertEquals("datamuse is rate limiting us", e.getMessage());
    }

    // --- Wikipedia (MediaWiki Action API)

    @Test
    void mediawiki_ratelimited_sent_with_status_200_is_retried_like_a_429() throws Exception {
        api.onQuery("action=opensearch", Reply.fixture("mediawiki-ratelimited.json"), Reply.fixture("wikipedia-opensearch.json"));
        List<String> titles = new WikipediaSource(client(SourceClients.wikipedia(UA)), api.base()).opensearch("medical imaging", soon());
        assertEquals("Medical imaging", titles.getFirst());
        assertEquals(2, api.requests.size());
    }

    @Test
    void mediawiki_ratelimited_until_the_retries_run_out_says_so() {
        api.onQuery("action=opensearch", Reply.fixture("mediawiki-ratelimited.json"));
        SourceException e = assertThrows(SourceException.class,
                () -> new WikipediaSource(client(SourceClients.wikipedia(UA)), api.base()).opensearch("medical imaging", soon()));
        assertEquals("wikipedia is rate limiting us", e.getMessage());
        assertEquals(4, api.requests.size(), "the first try and three retries");
        assertEquals(4, SourceUsage.drain().get("wikipedia").throttled());
    }

    @Test
    void mediawiki_maxlag_waits_as_long_as_retry_after_asks_and_every_call_offers_maxlag() throws Exception {
        api.onQuery("action=opensearch", new Reply(200, Map.of("Content-Type", "application/json; charset=utf-8", "Retry-After", "1",
                "X-Database-Lag", "6"), Reply.fixture("mediawiki-maxlag.json").body(), 0), Reply.fixture("wikipedia-opensearch.json"));
        new WikipediaSource(client(SourceClients.wikipedia(UA)), api.base()).opensearch("medical imaging", soon());
        long gapMillis = (api.requests.get(1).atNanos() - api.requests.get(0).atNanos()) / 1_000_000;
        assertTrue(gapMillis >= 950, "waited only " + gapMillis + " ms");
        assertTrue(api.requests.stream().allMatch(r -> r.query().contains("maxlag=5")));
    }

    @Test
    void mediawiki_other_errors_are_refusals_named_by_their_code() {
        // written by us, in the captured error shape
        api.onQuery("action=opensearch", Reply.json("{\"error\":{\"code\":\"badvalue\",\"info\":\"Unrecognized value\"}}"));
        SourceException e = assertThrows(SourceException.class,
                () -> new WikipediaSource(client(SourceClients.wikipedia(UA)), api.base()).opensearch("x", soon()));
        assertEquals("wikipedia refused the request (badvalue)", e.getMessage());
        assertEquals(1, api.requests.size(), "not retried");
    }

    // --- Wikimedia Pageviews

    @Test
    void pageviews_captured_monthly_answer_reads_every_month() throws Exception {
        api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-monthly-captured.json"));
        List<LocalDate> months = Granularity.MONTHLY.dates(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 5, 1));
        double[] views = pageviews(LATER).views("Dan Castellaneta", Granularity.MONTHLY, months, soon()).orElseThrow();
        assertEquals(List.of(55489.0, 44984.0, 51493.0, 66431.0, 66785.0), java.util.Arrays.stream(views).boxed().toList());
    }

    @Test
    void pageviews_days_the_api_leaves_out_are_zero_views() throws Exception {
        api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-daily-sparse.json"));
        List<LocalDate> days = Granularity.DAILY.dates(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 9));
        double[] daily = pageviews(LATER).views("Mobile dog grooming", Granularity.DAILY, days, soon()).orElseThrow();
        assertEquals(List.of(3.0, 0.0, 0.0, 0.0, 1.0), java.util.Arrays.stream(daily).boxed().toList());
        List<LocalDate> weeks = Granularity.WEEKLY.dates(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 26));
        double[] weekly = pageviews(LATER).views("Mobile dog grooming", Granularity.WEEKLY, weeks, soon()).orElseThrow();
        assertEquals(List.of(4.0, 0.0, 2.0, 0.0), java.util.Arrays.stream(weekly).boxed().toList(), "weeks without a view are 0");
    }

    @Test
    void pageviews_404_for_an_article_that_exists_is_a_series_of_zeros() throws Exception {
        api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-404.json", 404, Map.of("Content-Type", "application/problem+json")));
        List<LocalDate> months = Granularity.MONTHLY.dates(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 1));
        double[] views = pageviews(LATER).views("Intermittent fasting", Granularity.MONTHLY, months, soon()).orElseThrow();
        assertEquals(List.of(0.0, 0.0, 0.0), java.util.Arrays.stream(views).boxed().toList());
    }

    @Test
    void pageviews_periods_the_api_may_not_have_loaded_yet_stay_missing() throws Exception {
        api.on("/api/rest_v1/metrics/pageviews/", Reply.json("{\"items\":[]}"));
        // on 2025-01-10 the API may not have published the 9th yet (it loads a day during the next one)
        Clock tenth = Clock.fixed(Instant.parse("2025-01-10T06:00:00Z"), ZoneOffset.UTC);
        List<LocalDate> days = Granularity.DAILY.dates(LocalDate.of(2025, 1, 6), LocalDate.of(2025, 1, 9));
        double[] daily = pageviews(tenth).views("Mobile dog grooming", Granularity.DAILY, days, soon()).orElseThrow();
        assertEquals(0.0, daily[0]);
        assertEquals(0.0, daily[2], "the 8th is loaded: no item means no views");
        assertTrue(Double.isNaN(daily[3]), "the 9th may not be loaded: unknown, not zero");
        Clock eleventh = Clock.fixed(Instant.parse("2025-01-11T06:00:00Z"), ZoneOffset.UTC);
        assertEquals(Optional.empty(), pageviews(eleventh).views("x", Granularity.DAILY, List.of(LocalDate.of(2025, 1, 10)), soon()),
                "nothing loaded: no data");
    }

    @Test
    void pageviews_throttling_and_a_blocked_user_agent_are_reported_as_such() {
        // written by us: Wikimedia's 429 and 403 are plain text (retry-after on the 429)
        api.on("/api/rest_v1/metrics/pageviews/", new Reply(429, Map.of("Content-Type", "text/plain", "Retry-After", "0"),
                "Too many requests".getBytes(StandardCharsets.UTF_8), 0));
        List<LocalDate> months = List.of(LocalDate.of(2025, 1, 1));
        SourceException throttled = assertThrows(SourceException.class, () -> pageviews(LATER).views("x", Granularity.MONTHLY, months, soon()));
        assertEquals("pageviews is rate limiting us", throttled.getMessage());
        api.on("/api/rest_v1/metrics/pageviews/", new Reply(403, Map.of("Content-Type", "text/plain"),
                "Please set a user-agent and respect our robot policy".getBytes(StandardCharsets.UTF_8), 0));
        SourceException blocked = assertThrows(SourceException.class, () -> pageviews(LATER).views("x", Granularity.MONTHLY, months, soon()));
        assertTrue(blocked.getMessage().contains("SOURCES_CONTACT"), blocked.getMessage());
    }

    // --- GDELT

    GdeltSource gdelt() {
        return new GdeltSource(client(SourceClients.gdelt(UA)), api.base());
    }

    static final List<LocalDate> WEEKS = Granularity.WEEKLY.dates(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 19));

    @Test
    void gdelt_empty_object_is_no_coverage() throws Exception {
        api.on("/api/v2/doc/doc", Reply.fixture("gdelt-no-coverage.json"));
        assertEquals(Optional.empty(), gdelt().volume("zzqx widgets", Granularity.WEEKLY, WEEKS, soon()));
        api.on("/api/v2/doc/doc", Reply.json("{\"timeline\": []}"));
        assertEquals(Optional.empty(), gdelt().volume("zzqx widgets", Granularity.WEEKLY, WEEKS, soon()));
    }

    @Test
    void gdelt_throttling_text_with_status_200_or_429_is_retried_then_reported_as_rate_limiting() throws Exception {
        Reply notice = Reply.fixture("gdelt-throttled.txt", 200, Map.of("Content-Type", "text/html"));
        api.on("/api/v2/doc/doc", notice, Reply.fixture("gdelt-timelinevol.json"));
        assertTrue(gdelt().volume("medical imaging", Granularity.WEEKLY, WEEKS, soon()).isPresent(), "retried after the notice");
        for (int status : new int[] {200, 429}) {
            api.on("/api/v2/doc/doc", notice.withStatus(status));
            SourceException e = assertThrows(SourceException.class, () -> gdelt().volume("medical imaging", Granularity.WEEKLY, WEEKS, soon()));
            assertEquals("gdelt is rate limiting us", e.getMessage());
        }
    }

    @Test
    void gdelt_refusing_a_query_in_plain_text_is_a_refusal_not_a_malformed_answer() {
        // written by us: GDELT explains a query it cannot run in plain text, with 200
        api.on("/api/v2/doc/doc", Reply.text("The specified phrase is too short.", "text/html", StandardCharsets.UTF_8));
        SourceException e = assertThrows(SourceException.class, () -> gdelt().volume("ai", Granularity.WEEKLY, WEEKS, soon()));
        assertEquals("gdelt could not run the query", e.getMessage());
        assertEquals(1, api.requests.size(), "not retried");
    }

    // --- Etiquette

    @Test
    void every_call_asks_for_gzip_and_reads_a_gzipped_answer() throws Exception {
        api.on("/words", Reply.fixture("datamuse-phrases-f0.json").gzipped());
        List<Candidate> found = new DatamuseSource(client(SourceClients.datamuse(UA)), api.base()).candidates(SEEDS, soon());
        assertFalse(found.isEmpty());
        assertTrue(api.requests.stream().allMatch(r -> "gzip".equals(r.acceptEncoding())), "Accept-Encoding: gzip on every call");
    }

    @Test
    void wikipedia_and_wikimedia_calls_are_one_at_a_time_per_environment() throws Exception {
        api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
        api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-monthly-captured.json"));
        api.onQuery("list=search", Reply.fixture("wikipedia-morelike.json"));
        api.withLatency(40);
        PageviewsSource trends = pageviews(LATER);
        WikipediaSource keywords = new WikipediaSource(client(SourceClients.wikipedia(UA)), api.base());
        List<LocalDate> months = Granularity.MONTHLY.dates(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 5, 1));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(executor.submit(() -> trends.views(trends.article("medical imaging", soon()).orElseThrow(), Granularity.MONTHLY, months, soon())));
                calls.add(executor.submit(() -> keywords.candidates(SEEDS, soon())));
            }
            for (Future<?> call : calls) call.get();
        }
        assertTrue(api.requests.size() >= 16);
        assertEquals(1, api.maxInFlight.get(), "one Wikimedia request in flight at a time, whichever engine asks");
    }

    @Test
    void live_sources_refuse_to_start_without_a_contact_and_send_it_on_every_call() throws Exception {
        Map<String, String> live = Map.of("KEYWORDS_SEMANTIC", "false");
        for (String contact : new String[] {null, "", "  ", "keyword-trend", "not an address"}) {
            Map<String, String> settings = new java.util.HashMap<>(live);
            if (contact != null) settings.put("SOURCES_CONTACT", contact);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeywordDiscovery.fromSettings(settings::get));
            assertTrue(e.getMessage().contains("SOURCES_CONTACT"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> TrendAnalysis.fromSettings(settings::get));
        }
        KeywordDiscovery.fromSettings(Map.of("KEYWORDS_SEMANTIC", "false", "KEYWORDS_OFFLINE", "true")::get); // offline needs none
        TrendAnalysis.fromSettings(Map.of("TRENDS_OFFLINE", "true")::get);
        assertEquals("keyword-trend/1.0 (ops@example.org) java.net.http", SourceClients.userAgent(Map.of("SOURCES_CONTACT", "ops@example.org")::get));
        assertTrue(SourceClients.isContact("https://example.org/keyword-trend"));

        api.on("/words", Reply.fixture("datamuse-empty.json"));
        new DatamuseSource(client(SourceClients.datamuse(SourceClients.userAgent(Map.of("SOURCES_CONTACT", "ops@example.org")::get))), api.base())
                .candidates(SEEDS, soon());
        assertTrue(api.requests.stream().allMatch(r -> r.userAgent().contains("ops@example.org")));
    }

    @Test
    void requests_and_throttling_answers_are_counted_per_source() throws Exception {
        api.on("/words", Reply.status(429, Map.of("Retry-After", "0")), Reply.fixture("datamuse-empty.json"));
        new DatamuseSource(client(SourceClients.datamuse(UA)), api.base()).candidates(SEEDS, soon());
        Map<String, SourceUsage.Counts> counts = SourceUsage.drain();
        assertEquals(SEEDS.phrases().size() + 1, counts.get("datamuse").requests());
        assertEquals(1, counts.get("datamuse").throttled());
        assertTrue(SourceUsage.drain().isEmpty(), "drained");
    }
}
