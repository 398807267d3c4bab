package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobType;
import com.keywordtrend.engines.JobFailedException;
import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.SourceClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trends job from its item to its timeline and insights, offline (CSV) and against recorded Wikimedia answers. */
class TrendAnalysisTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-15T00:00:00Z"), ZoneOffset.UTC);
    static final JobEngineProgress NO_PROGRESS = new JobEngineProgress();

    static final class JobEngineProgress implements com.keywordtrend.engines.JobEngine.Progress {
        @Override
        public void report(int percent, String stage) {
        }
    }

    static Job job(ObjectNode data) {
        return Job.pending("11111111-2222-4333-8444-555555555555", JobType.TRENDS, Job.ANONYMOUS, CLOCK.instant(), JobPolicy.DEFAULT, data);
    }

    static String monthlyCsv() {
        StringBuilder csv = new StringBuilder("Category: All categories\n\nMonth,AI diagnostics: (Worldwide),medical imaging: (Worldwide)\n");
        for (int m = 0; m < 36; m++) {
            LocalDate d = LocalDate.of(2022, 1, 1).plusMonths(m);
            int rising = 10 + 2 * m + (d.getMonthValue() == 11 ? 15 : 0);
            int seasonal = 50 + (int) Math.round(20 * Math.cos(2 * Math.PI * (d.getMonthValue() - 7) / 12.0));
            csv.append(String.format("%d-%02d,%s,%d%n", d.getYear(), d.getMonthValue(), m == 5 ? "<1" : Integer.toString(rising), seasonal));
        }
        return csv.toString();
    }

    @Test
    void csv_job_gets_one_shared_timeline_and_insights_per_keyword() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("granularity", "monthly")
                .put("series_csv", monthlyCsv());
        data.putArray("keywords").add("AI diagnostics").add("medical imaging").add("telehealth");
        ObjectNode results = new TrendAnalysis(null, CLOCK, Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, CLOCK.instant().plusSeconds(60)).toAttributes();

        JsonNode timeline = results.get("timeline");
        assertEquals(36, timeline.get("dates").size());
        assertEquals("2022-01-01", timeline.get("dates").get(0).asText());
        double max = 0;
        for (JsonNode series : timeline.get("series")) for (JsonNode v : series) if (!v.isNull()) max = Math.max(max, v.asDouble());
        assertEquals(100.0, max, "100 is the highest point of any keyword");
        assertTrue(timeline.get("series").get("telehealth").get(0).isNull(), "no data is missing, not zero");

        JsonNode ai = results.get("insights").get("keywords").get("AI diagnostics");
        assertEquals("rising", ai.get("direction").asText());
        assertEquals(ModifiedMannKendall.METHOD, ai.get("trend_test").get("method").asText(), "three years of months: too few for the seasonal Kendall test");
        assertTrue(ai.get("trend_test").get("p_value").asDouble() < 0.05);
        assertTrue(ai.get("sen_slope_per_period").asDouble() > 0);
        assertEquals("google_trends_csv", ai.get("source").asText());
        assertEquals(3, ai.get("forecast").size());
        JsonNode imaging = results.get("insights").get("keywords").get("medical imaging");
        assertEquals("July", imaging.get("seasonality").get("peak").asText());
        assertTrue(imaging.get("seasonality").get("strength").asDouble() > 0.8);
        assertEquals("none", results.get("insights").get("keywords").get("telehealth").get("source").asText());
        JsonNode summary = results.get("insights").get("summary");
        assertEquals("AI diagnostics", summary.get("top_rising").get(0).asText());
        assertEquals("medical imaging", summary.get("most_seasonal").get(0).asText());
        assertFalse(summary.get("sentences").isEmpty());
        assertEquals("no data", results.get("sources").get(2).get("status").asText());
        assertTrue(results.get("series_csv").isNull(), "the export is dropped from the item once read");
    }

    @Test
    void no_data_for_any_keyword_fails_the_job_with_what_to_do() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare");
        data.putArray("keywords").add("telehealth");
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> new TrendAnalysis(null, CLOCK, Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, CLOCK.instant().plusSeconds(60)));
        assertTrue(e.getMessage().contains("series_csv"));
    }

    @Test
    void unreadable_csv_fails_the_job_with_the_reason() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "x").put("series_csv", "no header here");
        data.putArray("keywords").add("a");
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> new TrendAnalysis(null, CLOCK, Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, CLOCK.instant().plusSeconds(60)));
        assertTrue(e.getMessage().contains("Month, Week or Day"));
    }

    PageviewsSource pageviews(RecordedApi api) {
        SourceClient.Config config = SourceClient.Config.defaults("test", "keyword-trend-tests/1.0")
                .withBackoff(Duration.ofMillis(10)).withMinInterval(Duration.ZERO);
        return new PageviewsSource(new SourceClient(config), api.base(), new SourceClient(config), api.base(), CLOCK);
    }

    @Test
    void pageviews_of_the_keywords_article_fill_the_period_ending_last_complete_month() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
            api.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Medical_imaging/monthly/",
                    Reply.fixture("pageviews-monthly.json"));
            PageviewsSource source = pageviews(api);
            assertEquals(Optional.of("Medical imaging"), source.article("medical imaging", Instant.now().plusSeconds(10)));
            List<LocalDate> dates = Granularity.MONTHLY.dates(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 1));
            double[] views = source.views("Medical imaging", Granularity.MONTHLY, dates, Instant.now().plusSeconds(10)).orElseThrow();
            assertEquals(41000, views[0]);
            assertEquals(0, views[2], "March has no point in the answer: no views");
            assertTrue(api.requests.getLast().path().endsWith("/monthly/2025010100/2025043000"), api.requests.getLast().path());
        }
    }

    @Test
    void weekly_pageviews_are_daily_views_summed_by_week() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/api/rest_v1/metrics/pageviews/", Reply.fixture("pageviews-daily.json"));
            List<LocalDate> weeks = Granularity.WEEKLY.dates(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 12));
            double[] views = pageviews(api).views("Medical imaging", Granularity.WEEKLY, weeks, Instant.now().plusSeconds(10)).orElseThrow();
            assertEquals(250, views[0]);
            assertEquals(90, views[1]);
        }
    }

    @Test
    void a_keyword_without_an_article_is_no_data_and_an_article_without_views_is_zeros() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/api/rest_v1/metrics/pageviews/", new Reply(404, Map.of("Content-Type", "application/problem+json"),
                    RecordedApi.Reply.fixture("pageviews-404.json").body(), 0));
            api.onQuery("search=zzqx", Reply.json("[\"zzqx\",[],[],[]]"));
            api.onQuery("action=opensearch", Reply.json("[\"quiet topic\",[\"Quiet topic\"],[\"\"],[\"\"]]"));
            PageviewsSource source = pageviews(api);
            assertTrue(source.article("zzqx", Instant.now().plusSeconds(10)).isEmpty());
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "x").put("start_date", "2025-01-01").put("end_date", "2025-03-01");
            data.putArray("keywords").add("zzqx").add("quiet topic");
            ObjectNode results = new TrendAnalysis(source, CLOCK, Duration.ofSeconds(30)).run(job(data), NO_PROGRESS,
                    Instant.now().plusSeconds(30)).toAttributes();
            assertEquals("no data", results.get("sources").get(0).get("status").asText());
            assertEquals("no Wikipedia article", results.get("sources").get(0).get("reason").asText());
            assertEquals("ok", results.get("sources").get(1).get("status").asText());
            assertEquals("no views of Quiet topic in this period", results.get("sources").get(1).get("reason").asText());
        }
    }

    @Test
    void rate_limited_then_malformed_pageviews_are_reported_per_keyword() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
            api.on("/api/rest_v1/metrics/pageviews/", Reply.status(429, Map.of("Retry-After", "0")), Reply.json("{\"items\": [tr"));
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare");
            data.putArray("keywords").add("medical imaging");
            JobFailedException e = assertThrows(JobFailedException.class, () -> new TrendAnalysis(pageviews(api), CLOCK,
                    Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, Instant.now().plusSeconds(30)));
            assertTrue(e.getMessage().contains("could not be reached or did not answer"), e.getMessage());
            assertEquals("source failed", e.details().toAttributes().get("sources").get(0).get("status").asText());
            assertEquals(2, api.requests.stream().filter(r -> r.path().startsWith("/api/")).count(), "429 retried once");
        }
    }

    @Test
    void unreachable_sources_are_named_as_such_with_the_sources_report() throws Exception {
        RecordedApi closed = new RecordedApi();
        PageviewsSource unreachable = pageviews(closed);
        closed.close(); // nothing listens there any more
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare");
        data.putArray("keywords").add("medical imaging").add("AI diagnostics");
        JobFailedException e = assertThrows(JobFailedException.class, () -> new TrendAnalysis(unreachable, CLOCK,
                Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, Instant.now().plusSeconds(30)));
        assertTrue(e.getMessage().startsWith("The interest sources could not be reached"), e.getMessage());
        assertFalse(e.getMessage().contains("No interest data was found"), e.getMessage());
        assertEquals(2, e.details().toAttributes().get("sources").size());
        e.details().toAttributes().get("sources").forEach(source -> assertEquals("source failed", source.get("status").asText()));
    }

    @Test
    void gdelt_news_volume_is_averaged_per_period_and_fills_keywords_without_pageviews() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/api/v2/doc/doc", Reply.fixture("gdelt-timelinevol.json"));
            SourceClient client = new SourceClient(SourceClient.Config.defaults("gdelt", "ua").withMinInterval(Duration.ZERO));
            GdeltSource gdelt = new GdeltSource(client, api.base());
            List<LocalDate> weeks = Granularity.WEEKLY.dates(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 19));
            double[] v = gdelt.volume("medical imaging", Granularity.WEEKLY, weeks, Instant.now().plusSeconds(10)).orElseThrow();
            assertEquals(0.015, v[0], 1e-12);
            assertEquals(0.030, v[1], 1e-12);
            assertTrue(Double.isNaN(v[2]));
            assertTrue(api.requests.getFirst().query().contains("mode=timelinevol")
                    && api.requests.getFirst().query().contains("startdatetime=20250105000000"));

            ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("granularity", "weekly")
                    .put("start_date", "2025-01-05").put("end_date", "2025-01-19");
            data.putArray("keywords").add("medical imaging");
            ObjectNode results = new TrendAnalysis(null, gdelt, Clock.fixed(Instant.parse("2025-02-01T00:00:00Z"), ZoneOffset.UTC),
                    Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, Instant.now().plusSeconds(30)).toAttributes();
            assertEquals("gdelt_news_volume", results.get("sources").get(0).get("source").asText());
        }
    }

    @Test
    void gdelt_error_text_instead_of_json_is_reported_not_thrown() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/api/v2/doc/doc", Reply.text("Your search contained a keyword that was too short.", "text/html", java.nio.charset.StandardCharsets.UTF_8));
            GdeltSource gdelt = new GdeltSource(new SourceClient(SourceClient.Config.defaults("gdelt", "ua")), api.base());
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "x");
            data.putArray("keywords").add("ai");
            JobFailedException e = assertThrows(JobFailedException.class, () -> new TrendAnalysis(null, gdelt, CLOCK,
                    Duration.ofSeconds(30)).run(job(data), NO_PROGRESS, Instant.now().plusSeconds(30)));
            assertTrue(e.getMessage().contains("series_csv"));
        }
    }

    @Test
    void negative_or_infinite_values_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> TrendReport.build(Granularity.MONTHLY,
                List.of(LocalDate.of(2025, 1, 1)), List.of("a"), Map.of("a", new TrendReport.KeywordSeries("a", new double[] {-1}, "x"))));
        assertThrows(IllegalArgumentException.class, () -> TrendReport.build(Granularity.MONTHLY,
                List.of(LocalDate.of(2025, 1, 1)), List.of("a"), Map.of("a", new TrendReport.KeywordSeries("a",
                        new double[] {Double.POSITIVE_INFINITY}, "x"))));
    }

    @Test
    void a_jobs_heap_estimate_grows_with_its_keywords_times_points_from_its_export_or_its_period() {
        TrendAnalysis analysis = new TrendAnalysis(null, CLOCK, Duration.ofSeconds(30));
        long small = analysis.peakBytes(SyntheticTrendsJobs.job(5, 150, 6).inputs());
        long large = analysis.peakBytes(SyntheticTrendsJobs.job(50, 600, 6).inputs());
        assertEquals(TrendAnalysis.BASE_BYTES + (TrendAnalysis.BYTES_PER_VALUE + TrendAnalysis.BYTES_PER_VALUE_PER_NAME_BYTE * 6) * 50 * 601,
                large, "601 lines: the header and 600 days; names of 6 characters");
        long longNames = analysis.peakBytes(SyntheticTrendsJobs.job(50, 600, 100).inputs());
        assertTrue(longNames > 2 * large, "the result's write grows with the names, written once per point: " + large + " against " + longNames);
        assertTrue(large > 3 * small, small + " against " + large);
        ObjectNode byPeriod = JsonNodeFactory.instance.objectNode().put("industry", "x").put("granularity", "weekly")
                .put("start_date", "2024-01-07").put("end_date", "2024-12-29");
        byPeriod.putArray("keywords").add("a").add("b");
        assertEquals(TrendAnalysis.BASE_BYTES + (TrendAnalysis.BYTES_PER_VALUE + TrendAnalysis.BYTES_PER_VALUE_PER_NAME_BYTE) * 2 * 52,
                analysis.peakBytes(job(byPeriod).inputs()));
    }
}
