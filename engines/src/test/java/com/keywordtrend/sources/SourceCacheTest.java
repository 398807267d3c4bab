package com.keywordtrend.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.keywordtrend.keywords.DatamuseSource;
import com.keywordtrend.keywords.KeywordDiscovery;
import com.keywordtrend.keywords.KeywordScorer;
import com.keywordtrend.keywords.LexicalSource;
import com.keywordtrend.keywords.Seeds;
import com.keywordtrend.model.CacheUse;
import com.keywordtrend.model.OrchestrateResults;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.trends.Granularity;
import com.keywordtrend.trends.PageviewsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** The shared cache of source answers, in front of the clients: what is kept, for how long, and what a job reports. */
class SourceCacheTest {
    static final String UA = "keyword-trend/1.0 (ops@example.org) java.net.http";
    static final Seeds SEEDS = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging"));

    /** A cache in memory, with the time to live each put asked for. */
    static final class MemoryCache implements SourceCache {
        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        final Map<String, Duration> ttls = new ConcurrentHashMap<>();

        @Override
        public Optional<Entry> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(String key, Entry entry, Duration timeToLive) {
            entries.put(key, entry);
            ttls.put(key, timeToLive);
        }
    }

    RecordedApi api;
    MemoryCache cache;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordedApi();
        cache = new MemoryCache();
        SourceUsage.drain();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    SourceClient client(SourceClient.Config production) {
        return new SourceClient(production.withMinInterval(Duration.ZERO).withBackoff(Duration.ofMillis(10)), cache);
    }

    static Instant soon() {
        return Instant.now().plusSeconds(10);
    }

    @Test
    void a_second_identical_request_is_answered_from_the_cache_without_a_call() throws Exception {
        api.on("/words", Reply.fixture("datamuse-phrases-f0.json"));
        DatamuseSource datamuse = new DatamuseSource(client(SourceClients.datamuse(UA)), api.base());
        int first = datamuse.candidates(SEEDS, soon()).size();
        int calls = api.requests.size();
        assertEquals(first, datamuse.candidates(SEEDS, soon()).size());
        assertEquals(calls, api.requests.size(), "no call the second time");
        assertTrue(cache.ttls.values().stream().allMatch(Duration.ofDays(7)::equals), "Datamuse's answers are kept a week");
        Map<String, SourceUsage.Counts> counts = SourceUsage.drain();
        assertEquals(calls, counts.get("datamuse").cacheHits());
        assertEquals(calls, counts.get("datamuse").cacheMisses());
        assertEquals(calls, counts.get("datamuse").requests());
    }

    @Test
    void no_data_is_kept_but_failures_and_unreadable_answers_are_not() throws Exception {
        PageviewsSource pageviews = new PageviewsSource(client(SourceClients.wikipedia(UA)), api.base(), client(SourceClients.pageviews(UA)),
                api.base(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<LocalDate> months = Granularity.MONTHLY.dates(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 1));
        api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-404.json", 404, Map.of("Content-Type", "application/problem+json")));
        pageviews.views("Quiet topic", Granularity.MONTHLY, months, soon());
        pageviews.views("Quiet topic", Granularity.MONTHLY, months, soon());
        assertEquals(1, api.requests.size(), "a 404 (no views) is an answer too");
        assertEquals(Duration.ofDays(1), cache.ttls.values().iterator().next(), "pageviews are kept a day");

        api.on("/api/rest_v1/metrics/pageviews/", Reply.status(503, Map.of()), Reply.json("{\"items\": [tr"));
        assertThrows(SourceException.class, () -> pageviews.views("Busy topic", Granularity.MONTHLY, months, soon()));
        assertEquals(1, cache.entries.size(), "neither a failure nor a malformed answer is kept");
    }

    @Test
    void a_jobs_sources_report_says_how_its_calls_were_answered() {
        api.on("/words", Reply.fixture("datamuse-empty.json"));
        KeywordDiscovery discovery = new KeywordDiscovery(List.of(new LexicalSource(), new DatamuseSource(client(SourceClients.datamuse(UA)),
                api.base())), 20, Duration.ofSeconds(30), KeywordScorer.Similarity.NONE);
        List<OrchestrateResults.SourceReport> first = discovery.discover(SEEDS, soon()).sources();
        List<OrchestrateResults.SourceReport> second = discovery.discover(SEEDS, soon()).sources();
        int phrases = SEEDS.phrases().size();
        assertNull(first.getFirst().cache(), "the lexical source calls nobody");
        assertEquals(new CacheUse(0, phrases), first.get(1).cache());
        assertEquals(new CacheUse(phrases, 0), second.get(1).cache());
    }

    @Test
    void without_a_cache_table_every_request_goes_to_the_source() throws Exception {
        api.on("/words", Reply.fixture("datamuse-empty.json"));
        DatamuseSource datamuse = new DatamuseSource(new SourceClient(SourceClients.datamuse(UA).withMinInterval(Duration.ZERO)), api.base());
        datamuse.candidates(SEEDS, soon());
        datamuse.candidates(SEEDS, soon());
        assertEquals(2 * SEEDS.phrases().size(), api.requests.size());
    }
}
