package com.keywordtrend.trends;

import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.engines.JobFailedException;
import com.keywordtrend.model.GoogleTrendsCsv;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobLimits;
import com.keywordtrend.model.Settings;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.model.Tracing;
import com.keywordtrend.model.TrendsInputs;
import com.keywordtrend.model.TrendsResults;
import com.keywordtrend.sources.SourceClients;
import com.keywordtrend.sources.SourceException;
import com.keywordtrend.sources.SourceUsage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The trends job: interest over time for each keyword, from the user's Google Trends CSV export when
 * it has the keyword, else from Wikimedia Pageviews; then one timeline and the insights. A keyword
 * without data is reported as such; a job where no keyword has data fails with what to do.
 */
public final class TrendAnalysis implements JobEngine {
    private final PageviewsSource pageviews; // null when offline
    private final GdeltSource gdelt; // null unless enabled
    private final Clock clock;
    private final Duration timeBudget;

    public TrendAnalysis(PageviewsSource pageviews, Clock clock, Duration timeBudget) {
        this(pageviews, null, clock, timeBudget);
    }

    public TrendAnalysis(PageviewsSource pageviews, GdeltSource gdelt, Clock clock, Duration timeBudget) {
        this.pageviews = pageviews;
        this.gdelt = gdelt;
        this.clock = clock;
        this.timeBudget = timeBudget;
    }

    /**
     * TRENDS_OFFLINE (false), TRENDS_GDELT (false: GDELT news volume for keywords without pageviews),
     * WIKIPEDIA_URL, WIKIMEDIA_URL, GDELT_URL, SOURCES_CONTACT (required with live sources), TRENDS_TIME_BUDGET_SECONDS (300).
     */
    public static TrendAnalysis fromSettings(UnaryOperator<String> settings) {
        return fromSettings(settings, SourceCache.NONE);
    }

    /** {@link #fromSettings(UnaryOperator)} with the live sources' answers kept in {@code cache}. */
    public static TrendAnalysis fromSettings(UnaryOperator<String> settings, SourceCache cache) {
        PageviewsSource pageviews = null;
        GdeltSource gdelt = null;
        if (!Settings.flag(settings, "TRENDS_OFFLINE", false)) {
            SourceClients.userAgent(settings); // refuses to start without the operator's contact
            pageviews = new PageviewsSource(
                    SourceClients.client("wikipedia", settings, cache),
                    URI.create(Settings.orDefault(settings, "WIKIPEDIA_URL", "https://en.wikipedia.org")),
                    SourceClients.client("pageviews", settings, cache),
                    URI.create(Settings.orDefault(settings, "WIKIMEDIA_URL", "https://wikimedia.org")), Clock.systemUTC());
            if (Settings.flag(settings, "TRENDS_GDELT", false)) {
                gdelt = new GdeltSource(SourceClients.client("gdelt", settings, cache),
                        URI.create(Settings.orDefault(settings, "GDELT_URL", "https://api.gdeltproject.org")));
            }
        }
        return new TrendAnalysis(pageviews, gdelt, Clock.systemUTC(),
                Duration.ofSeconds(Settings.intOrDefault(settings, "TRENDS_TIME_BUDGET_SECONDS", 300)));
    }

    /**
     * Estimated from what a job holds (the sources' answers for its keywords, their series and
     * insights) and checked with system-tests/throughput.sh: ~240 jobs at once stayed within a 2 GB
     * function's heap, garbage included (docs/capacity-and-cost.md).
     */
    @Override
    public long peakBytesPerJob() {
        return 4L << 20;
    }

    /** A job's fixed share of its peak: the sources' answers and the report's structure. */
    static final long BASE_BYTES = 4L << 20;
    /**
     * Its share per value analysed (keywords × points): the series, their statistics, the timeline,
     * and the result's write (its attributes gzipped, past the item its JSON and that gzipped), which
     * also grows with the keywords' names, written once per point. TrendJobHeap measured a job's live
     * peak at 16.2 MB for 91,350 values under names of 6 characters and 52.6 MB under names of 100:
     * about 180 bytes a value and 4 a value per character of its name; twice both, for what a
     * collection has not yet freed.
     */
    static final long BYTES_PER_VALUE = 400;
    static final long BYTES_PER_VALUE_PER_NAME_BYTE = 8;

    /**
     * From the job's size: keywords × points, the points being the export's rows when it brings one,
     * else those of its period (the granularity's most when it names none), as TrendJobHeap measured.
     */
    @Override
    public long peakBytes(com.keywordtrend.model.JobInputs inputs) {
        if (!(inputs instanceof TrendsInputs trends)) return peakBytesPerJob();
        long points;
        if (trends.seriesCsv() != null) {
            points = trends.seriesCsv().lines().count();
        } else {
            points = trends.startDate() != null && trends.endDate() != null
                    ? com.keywordtrend.model.JobLimits.points(trends.granularity(), trends.startDate(), trends.endDate())
                    : com.keywordtrend.model.JobLimits.maxPoints(trends.granularity());
        }
        long perPoint = 0;
        for (String keyword : trends.keywords()) {
            perPoint += BYTES_PER_VALUE + BYTES_PER_VALUE_PER_NAME_BYTE * keyword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return BASE_BYTES + Math.max(BYTES_PER_VALUE, perPoint) * Math.max(1, points);
    }

    @Override
    public TrendsResults run(Job job, Progress progress, Instant deadline) {
        TrendsInputs inputs = (TrendsInputs) job.inputs();
        List<String> keywords = inputs.keywords();
        Granularity granularity = Granularity.of(inputs.granularity());
        Map<String, TrendReport.KeywordSeries> series = new LinkedHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        // keywords whose source failed (unreachable, throttled, unreadable), as opposed to having no data
        java.util.Set<String> unanswered = ConcurrentHashMap.newKeySet();
        Map<String, String> notes = new ConcurrentHashMap<>(); // about data that is there, such as all zeros
        Map<String, SourceUsage.Tally> cacheUse = new ConcurrentHashMap<>(); // per keyword: the clients are shared
        List<LocalDate> dates;
        boolean lastPeriodPartial = false;

        progress.report(5, "reading series");
        if (inputs.seriesCsv() != null) {
            GoogleTrendsCsv.Series csv;
            try {
                csv = GoogleTrendsCsv.parse(inputs.seriesCsv());
            } catch (IllegalArgumentException e) {
                throw new JobFailedException("The Google Trends CSV could not be read: " + e.getMessage());
            }
            granularity = Granularity.of(csv.granularity());
            dates = csv.dates();
            lastPeriodPartial = csv.lastPartial();
            Map<String, double[]> byLowerTerm = new LinkedHashMap<>();
            csv.values().forEach((term, values) -> byLowerTerm.put(term.toLowerCase(Locale.ROOT), values));
            for (String keyword : keywords) {
                double[] values = byLowerTerm.get(keyword.toLowerCase(Locale.ROOT));
                if (values != null) series.put(keyword, new TrendReport.KeywordSeries(keyword, values, "google_trends_csv"));
            }
        } else {
            dates = window(granularity, inputs);
        }

        Instant budget = Instant.now().plus(timeBudget);
        Instant sourceDeadline = budget.isBefore(deadline) ? budget : deadline;
        List<String> missing = keywords.stream().filter(k -> !series.containsKey(k)).toList();
        if (pageviews != null && !missing.isEmpty()) {
            progress.report(15, "fetching pageviews");
            Granularity g = granularity;
            List<LocalDate> d = dates;
            Map<String, TrendReport.KeywordSeries> fetched = new ConcurrentHashMap<>();
            List<java.util.concurrent.Future<Object>> lookups = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String keyword : missing) {
                    SourceUsage.Tally tally = cacheUse.computeIfAbsent(keyword, k -> new SourceUsage.Tally());
                    lookups.add(executor.submit(Tracing.propagating(() -> SourceUsage.counting(tally, () -> {
                        try {
                            Optional<String> article = pageviews.article(keyword, sourceDeadline);
                            if (article.isEmpty()) {
                                failures.put(keyword, "no Wikipedia article");
                                return null;
                            }
                            pageviews.views(article.get(), g, d, sourceDeadline).ifPresentOrElse(v -> {
                                fetched.put(keyword, new TrendReport.KeywordSeries(keyword, v, "wikimedia_pageviews"));
                                if (java.util.Arrays.stream(v).allMatch(x -> Double.isNaN(x) || x == 0)) {
                                    notes.put(keyword, "no views of " + article.get() + " in this period");
                                }
                            }, () -> failures.put(keyword, "no pageviews for " + article.get() + " yet"));
                        } catch (SourceException e) {
                            failures.put(keyword, e.getMessage());
                            unanswered.add(keyword);
                        }
                        return null;
                    }))));
                }
            }
            // every lookup is read: what went wrong beyond a source (out of memory, a bug) fails the job, never vanishes
            for (java.util.concurrent.Future<Object> lookup : lookups) {
                try {
                    lookup.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error error) throw error;
                    throw new IllegalStateException("a pageviews lookup failed unexpectedly", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while fetching pageviews", e);
                }
            }
            for (String keyword : missing) if (fetched.containsKey(keyword)) series.put(keyword, fetched.get(keyword));
        }
        List<String> stillMissing = keywords.stream().filter(k -> !series.containsKey(k)).toList();
        if (gdelt != null && !stillMissing.isEmpty()) {
            progress.report(40, "fetching news volume");
            // one at a time: GDELT's rate limit leaves nothing to gain from fanning out
            for (String keyword : stillMissing) {
                try {
                    Granularity g = granularity;
                    Optional<double[]> volume = SourceUsage.counting(cacheUse.computeIfAbsent(keyword, k -> new SourceUsage.Tally()),
                            () -> gdelt.volume(keyword, g, dates, sourceDeadline));
                    volume.ifPresentOrElse(
                            v -> series.put(keyword, new TrendReport.KeywordSeries(keyword, v, "gdelt_news_volume")),
                            () -> failures.merge(keyword, "no news coverage on GDELT", (a, b) -> a + "; " + b));
                } catch (SourceException e) {
                    failures.merge(keyword, e.getMessage(), (a, b) -> a + "; " + b);
                    unanswered.add(keyword);
                } catch (Exception e) {
                    throw new IllegalStateException("GDELT lookup of " + keyword + " failed unexpectedly", e);
                }
            }
        }
        List<TrendsResults.KeywordSource> sources = new ArrayList<>();
        for (String keyword : keywords) {
            TrendReport.KeywordSeries s = series.get(keyword);
            var cache = cacheUse.containsKey(keyword) ? cacheUse.get(keyword).total() : null;
            sources.add(s != null ? new TrendsResults.KeywordSource(keyword, s.source(), "ok", notes.get(keyword), cache)
                    : new TrendsResults.KeywordSource(keyword, null, unanswered.contains(keyword) ? "source failed" : "no data",
                            failures.getOrDefault(keyword, "not in the CSV and no live source"), cache));
        }
        if (series.isEmpty()) {
            TrendsResults details = TrendsResults.failed(sources);
            String export = "provide a Google Trends CSV export in series_csv (Explore → Interest over time → Download) and start again.";
            if (!unanswered.isEmpty() && unanswered.containsAll(keywords)) {
                throw new JobFailedException("The interest sources could not be reached or did not answer ("
                        + failures.get(keywords.getFirst()) + "). Please try again later, or " + export, details);
            }
            throw new JobFailedException("No interest data was found for these keywords"
                    + (pageviews == null ? "" : " on Wikipedia") + ". Please " + export, details);
        }
        progress.report(60, "analysing trends");
        TrendReport.Report report = TrendReport.build(granularity, dates, keywords, series, lastPeriodPartial);
        // the export now lives on in the timeline; dropping it keeps the item well inside 400 KB
        return new TrendsResults(granularity.name().toLowerCase(Locale.ROOT), report.timeline(), report.insights(), sources,
                inputs.seriesCsv() != null);
    }

    /** The requested period, or the default window ending with the last complete period. */
    private List<LocalDate> window(Granularity granularity, TrendsInputs inputs) {
        LocalDate lastComplete = granularity.lastComplete(LocalDate.now(clock));
        LocalDate end = inputs.endDate() != null ? inputs.endDate() : lastComplete;
        if (end.isAfter(lastComplete)) end = lastComplete;
        LocalDate start = inputs.startDate() != null ? inputs.startDate()
                : granularity.next(granularity.periodStart(end), -(granularity.defaultPoints - 1));
        List<LocalDate> dates = granularity.dates(start, end);
        if (dates.isEmpty()) throw new JobFailedException("The period ends before it starts; choose an earlier start_date.");
        return dates;
    }
}
