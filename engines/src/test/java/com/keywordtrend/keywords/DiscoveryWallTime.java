package com.keywordtrend.keywords;

import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Wall time of a whole discovery (Datamuse, Wikipedia, autocomplete) against a local server that
 * adds 200 ms to every answer: fanned out as the engine runs it, and one call at a time.
 * Run by engines/bench.sh.
 */
public final class DiscoveryWallTime {
    public static void main(String[] args) throws Exception {
        int latency = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Seeds seeds = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging", "analysis"));
        try (RecordedApi api = new RecordedApi()) {
            api.withLatency(latency);
            api.on("/words", Reply.fixture("datamuse-ml.json"));
            api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
            api.onQuery("list=search", Reply.fixture("wikipedia-morelike.json"));
            api.on("/ac/", Reply.fixture("autocomplete.json"));
            SourceClient.Config config = SourceClient.Config.defaults("bench", "keyword-trend-bench/1.0").withMinInterval(Duration.ZERO);
            List<PerSeedSource> sources = List.of(
                    new DatamuseSource(new SourceClient(config), api.base()),
                    new WikipediaSource(new SourceClient(config), api.base()),
                    new AutocompleteSource(new SourceClient(config), api.base()));
            KeywordDiscovery discovery = new KeywordDiscovery(List.copyOf(sources), 50, Duration.ofSeconds(60));
            discovery.discover(seeds, Instant.now().plusSeconds(60)); // warm-up: JIT, connections
            for (int run = 1; run <= 3; run++) {
                api.requests.clear();
                long start = System.nanoTime();
                discovery.discover(seeds, Instant.now().plusSeconds(60));
                long concurrent = (System.nanoTime() - start) / 1_000_000;
                int calls = api.requests.size();
                start = System.nanoTime();
                for (PerSeedSource source : sources) {
                    for (String phrase : seeds.phrases()) {
                        try {
                            source.forPhrase(phrase, seeds, Instant.now().plusSeconds(60));
                        } catch (SourceException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                long sequential = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("run %d: %d calls, %d ms added per answer: concurrent %d ms, one at a time %d ms (%.1fx)%n",
                        run, calls, latency, concurrent, sequential, (double) sequential / concurrent);
            }
        }
    }
}
