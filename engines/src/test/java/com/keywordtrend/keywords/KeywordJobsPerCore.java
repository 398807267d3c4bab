package com.keywordtrend.keywords;

import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keyword jobs per second on one core: whole discoveries with the sentence-embedding model, the
 * sources answering at once from a local server (so the time is the CPU's: lexicon, embeddings,
 * scoring), one job after another, every phrase embedded afresh (as for a new customer's
 * industry). Run by engines/bench.sh with -XX:ActiveProcessorCount=1 (the model's pool is one
 * thread per core).
 */
public final class KeywordJobsPerCore {
    static final List<Seeds> PROFILES = List.of(
            new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging", "analysis")),
            new Seeds("pet care", "mobile dog grooming", List.of("nail trimming", "flea treatment")),
            new Seeds("home improvement", "same-day plumbing repair", List.of("leak detection", "water heaters")),
            new Seeds("software", "open-source observability", List.of("tracing", "log search")));

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        try (RecordedApi api = new RecordedApi()) {
            api.on("/words", Reply.fixture("datamuse-ml.json"));
            api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
            api.onQuery("list=search", Reply.fixture("wikipedia-morelike.json"));
            api.on("/ac/", Reply.fixture("autocomplete.json"));
            String ua = "keyword-trend-bench/1.0 (bench@example.org)";
            KeywordDiscovery discovery = new KeywordDiscovery(List.of(
                    new LexicalSource(SemanticRelevance.shared()),
                    new DatamuseSource(new SourceClient(SourceClients.datamuse(ua).withMinInterval(Duration.ZERO)), api.base()),
                    new WikipediaSource(new SourceClient(SourceClients.wikipedia(ua).withMinInterval(Duration.ZERO)), api.base()),
                    new AutocompleteSource(new SourceClient(SourceClients.autocomplete(ua).withMinInterval(Duration.ZERO)), api.base())),
                    50, Duration.ofSeconds(60), KeywordDiscovery.semantic());
            for (int i = 0; i < 8; i++) discovery.discover(PROFILES.get(i % PROFILES.size()), Instant.now().plusSeconds(60)); // warm-up
            long start = System.nanoTime();
            long candidates = 0;
            for (int i = 0; i < jobs; i++) {
                SemanticRelevance.shared().forgetEmbeddings();
                candidates += discovery.discover(PROFILES.get(i % PROFILES.size()), Instant.now().plusSeconds(60)).sources().stream()
                        .mapToInt(r -> r.candidates()).sum();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("keyword jobs on %d core(s), one after another, no phrase embedded before, %d candidates each: %d in %.1f s = %.2f jobs/s (%.0f ms each)%n",
                    Runtime.getRuntime().availableProcessors(), candidates / jobs, jobs, seconds, jobs / seconds, 1000 * seconds / jobs);
        }
        offline();
    }

    /**
     * The offline path (lexicon, forms, embeddings, scoring) on each of the 20 judged profiles, no
     * phrase embedded before: the processor (CPU) time of each job, as the process's CPU clock counts it
     * (the work runs on the sources' virtual threads and the model's pool; GC and JIT included).
     */
    static void offline() throws Exception {
        KeywordDiscovery offline = new KeywordDiscovery(List.of(new LexicalSource(SemanticRelevance.shared())), 50,
                Duration.ofSeconds(60), KeywordDiscovery.semantic());
        var profiles = OfflineKeywordEvaluationTest.profiles();
        for (int i = 0; i < 4; i++) offline.discover(profiles.get(i).seeds(), Instant.now().plusSeconds(60)); // warm-up
        var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long total = 0;
        long worst = 0;
        for (var judged : profiles) {
            SemanticRelevance.shared().forgetEmbeddings();
            long before = cpu.getProcessCpuTime();
            offline.discover(judged.seeds(), Instant.now().plusSeconds(60));
            long used = cpu.getProcessCpuTime() - before;
            total += used;
            worst = Math.max(worst, used);
        }
        System.out.printf("offline keyword jobs, %d judged profiles one after another, no phrase embedded before: processor time %.0f ms a job on average, %.0f ms at most%n",
                profiles.size(), total / 1e6 / profiles.size(), worst / 1e6);
    }
}
