package com.keywordtrend.keywords;

import com.keywordtrend.model.Job;
import com.keywordtrend.model.OrchestrateInputs;
import com.keywordtrend.model.OrchestrateResults;
import com.keywordtrend.model.OrchestrateResults.SourceReport;
import com.keywordtrend.model.Settings;
import com.keywordtrend.model.Tracing;
import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.engines.JobFailedException;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.sources.SourceClients;
import com.keywordtrend.sources.SourceException;
import com.keywordtrend.sources.SourceUsage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrate job: asks every enabled source concurrently, merges and scores what they found,
 * and records which sources contributed and which failed and why. A failing source degrades the
 * result; only when no source found anything does the job fail.
 */
public final class KeywordDiscovery implements JobEngine {
    private static final Logger LOG = LoggerFactory.getLogger(KeywordDiscovery.class);

    private final List<KeywordSource> sources;
    private final int limit;
    private final Duration timeBudget;
    private final KeywordScorer.Similarity similarity;

    public KeywordDiscovery(List<KeywordSource> sources, int limit, Duration timeBudget) {
        this(sources, limit, timeBudget, KeywordScorer.Similarity.NONE);
    }

    public KeywordDiscovery(List<KeywordSource> sources, int limit, Duration timeBudget, KeywordScorer.Similarity similarity) {
        if (sources.isEmpty()) throw new IllegalArgumentException("at least one keyword source is needed");
        this.sources = List.copyOf(sources);
        this.limit = limit;
        this.timeBudget = timeBudget;
        this.similarity = similarity;
    }

    /** Meaning from the in-process sentence-embedding model (loaded on first use). */
    public static KeywordScorer.Similarity semantic() {
        return (terms, seeds) -> SemanticRelevance.shared().similarities(terms, seeds);
    }

    /**
     * KEYWORDS_OFFLINE (false): the lexical source alone. KEYWORDS_SEMANTIC (true): judge meaning with
     * the in-process sentence-embedding model (senses, relevance, the similarity floor). KEYWORDS_SOURCES (datamuse,wikipedia,autocomplete):
     * live sources to use beside it. KEYWORDS_LIMIT (50). KEYWORDS_TIME_BUDGET_SECONDS (120).
     * DATAMUSE_URL, WIKIPEDIA_URL, AUTOCOMPLETE_URL: the sources' base URLs. SOURCES_CONTACT: required
     * with live sources (see {@link SourceClients#userAgent}).
     */
    public static KeywordDiscovery fromSettings(UnaryOperator<String> settings) {
        return fromSettings(settings, SourceCache.NONE);
    }

    /** {@link #fromSettings(UnaryOperator)} with the live sources' answers kept in {@code cache}. */
    public static KeywordDiscovery fromSettings(UnaryOperator<String> settings, SourceCache cache) {
        List<KeywordSource> sources = new ArrayList<>();
        boolean semantic = Settings.flag(settings, "KEYWORDS_SEMANTIC", true);
        // the model loads here, in the function's init (and so into a SnapStart snapshot), not in a job
        sources.add(semantic ? new LexicalSource(SemanticRelevance.shared()) : new LexicalSource());
        if (!Settings.flag(settings, "KEYWORDS_OFFLINE", false)) {
            SourceClients.userAgent(settings); // refuses to start without the operator's contact
            Set<String> enabled = Arrays.stream(Settings.orDefault(settings, "KEYWORDS_SOURCES", "datamuse,wikipedia,autocomplete")
                    .toLowerCase(Locale.ROOT).split(",")).map(String::trim).collect(Collectors.toSet());
            if (enabled.contains("datamuse")) {
                sources.add(new DatamuseSource(SourceClients.client("datamuse", settings, cache),
                        URI.create(Settings.orDefault(settings, "DATAMUSE_URL", "https://api.datamuse.com"))));
            }
            if (enabled.contains("wikipedia")) {
                sources.add(new WikipediaSource(SourceClients.client("wikipedia", settings, cache),
                        URI.create(Settings.orDefault(settings, "WIKIPEDIA_URL", "https://en.wikipedia.org"))));
            }
            if (enabled.contains("autocomplete")) {
                sources.add(new AutocompleteSource(SourceClients.client("autocomplete", settings, cache),
                        URI.create(Settings.orDefault(settings, "AUTOCOMPLETE_URL", "https://duckduckgo.com"))));
            }
        }
        return new KeywordDiscovery(sources, Settings.intOrDefault(settings, "KEYWORDS_LIMIT", 50),
                Duration.ofSeconds(Settings.intOrDefault(settings, "KEYWORDS_TIME_BUDGET_SECONDS", 120)),
                semantic ? semantic() : KeywordScorer.Similarity.NONE);
    }

    /** The discovery's outcome, before it becomes item attributes. */
    public record Discovery(List<KeywordScorer.Keyword> keywords, List<SourceReport> sources) {
    }

    /** Estimated from what a job holds: some hundreds of candidates with their 384-float embeddings, and the sources' answers. */
    @Override
    public long peakBytesPerJob() {
        return 48L << 20;
    }

    @Override
    public OrchestrateResults run(Job job, Progress progress, Instant deadline) {
        Seeds seeds = Seeds.of((OrchestrateInputs) job.inputs());
        progress.report(10, "discovering keywords");
        Instant budget = Instant.now().plus(timeBudget);
        Discovery discovery = discover(seeds, budget.isBefore(deadline) ? budget : deadline, progress);
        progress.report(90, "scoring keywords");
        List<OrchestrateResults.WeightedKeyword> keywords = discovery.keywords().stream()
                .map(k -> new OrchestrateResults.WeightedKeyword(k.term(), k.weight(),
                        (QueryForms.IN_A_PLACE.equals(k.origin()) ? SearchIntent.LOCAL : SearchIntent.of(k.term())).wireName(),
                        // a form we built ("… near me") is no question anybody was seen to ask
                        SearchIntent.isQuestion(k.term()) && !QueryForms.isForm(k.origin()), k.theme() == null ? OTHER_THEME : k.theme(), k.origin()))
                .toList();
        return new OrchestrateResults(keywords, discovery.sources(), clusters(keywords));
    }

    /** The theme of keywords found for no seed in particular. */
    static final String OTHER_THEME = "related";

    /** The keywords by theme; themes in the order of their best keyword, terms best first (the list is sorted so). */
    static List<OrchestrateResults.Cluster> clusters(List<OrchestrateResults.WeightedKeyword> keywords) {
        java.util.Map<String, List<String>> byTheme = new java.util.LinkedHashMap<>();
        for (OrchestrateResults.WeightedKeyword k : keywords) byTheme.computeIfAbsent(k.cluster(), t -> new ArrayList<>()).add(k.term());
        List<OrchestrateResults.Cluster> clusters = new ArrayList<>();
        byTheme.forEach((label, terms) -> clusters.add(new OrchestrateResults.Cluster(label, terms)));
        return clusters;
    }

    public Discovery discover(Seeds seeds, Instant deadline) {
        return discover(seeds, deadline, (percent, stage) -> { });
    }

    /** Reports 10–85 % as the sources answer. */
    Discovery discover(Seeds seeds, Instant deadline, Progress progress) {
        List<Candidate> candidates = new ArrayList<>();
        List<SourceReport> reports = new ArrayList<>();
        SourceUsage.Tally cacheUse = new SourceUsage.Tally(); // this job's own, the clients being shared
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Candidate>>> futures = new ArrayList<>();
            long started = System.nanoTime();
            for (KeywordSource source : sources) {
                futures.add(executor.submit(Tracing.propagating(() -> SourceUsage.counting(cacheUse, () -> source.candidates(seeds, deadline)))));
            }
            for (int i = 0; i < sources.size(); i++) {
                String name = sources.get(i).name();
                try {
                    List<Candidate> found = futures.get(i).get();
                    candidates.addAll(found);
                    reports.add(new SourceReport(name, true, found.size(), elapsed(started), null, cacheUse.cacheUse(name)));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) throw error; // out of memory: the invocation fails, the environment is replaced
                    if (!(e.getCause() instanceof SourceException)) LOG.error("keyword source {} failed unexpectedly", name, e.getCause());
                    String why = e.getCause() instanceof SourceException s ? s.getMessage() : name + " failed unexpectedly";
                    reports.add(new SourceReport(name, false, 0, elapsed(started), why, cacheUse.cacheUse(name)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while discovering keywords", e);
                }
                progress.report(10 + 75 * (i + 1) / sources.size(), "discovering keywords");
            }
        }
        int answering = (int) reports.stream().filter(r -> r.ok() && r.candidates() > 0).count();
        if (answering == 0) {
            String why = reports.stream().map(r -> r.name() + ": " + (r.error() != null ? r.error() : "nothing found"))
                    .collect(Collectors.joining("; "));
            throw new JobFailedException("No keyword source could find keywords (" + why + "). Please try again later"
                    + " or rephrase the industry and USP.");
        }
        List<KeywordScorer.Keyword> keywords = Tracing.inSubsegment("score keywords",
                () -> KeywordScorer.score(candidates, seeds, answering, limit, similarity));
        if (keywords.isEmpty()) {
            throw new JobFailedException("No usable keywords were found for these inputs. Try a more specific USP or key services.");
        }
        return new Discovery(keywords, reports);
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
