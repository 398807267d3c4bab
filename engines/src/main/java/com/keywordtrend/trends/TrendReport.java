package com.keywordtrend.trends;

import com.keywordtrend.model.TrendsResults;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts a job's series on one timeline and one 0–100 scale and says what they mean (docs/insights.md):
 * per keyword, direction from a Mann-Kendall test corrected for autocorrelation
 * ({@link ModifiedMannKendall}), Sen's slope, growth, year over year, a season only where it
 * repeats ({@link Seasonality}), waves and spikes ({@link Events}), breakout, the status with its
 * words and a forecast; and a summary for the job.
 */
public final class TrendReport {
    static final double ALPHA = 0.05;
    /** Hirsch and Slack's seasonal Kendall test is used from this many years of monthly data (their recommendation). */
    static final int SEASONAL_KENDALL_YEARS = 10;
    /**
     * Growth is not reported from an earlier level below this (on the 0–100 scale): from 0.5 to 15 is
     * +2,900 %, which says nothing a marketer can use.
     */
    static final double MIN_GROWTH_BASE = 5;

    /** One keyword's raw series on the job's dates, with where it came from. */
    public record KeywordSeries(String keyword, double[] values, String source) {
    }

    private TrendReport() {
    }

    /** The timeline on one scale and the insights it supports. */
    public record Report(TrendsResults.Timeline timeline, ObjectNode insights) {
    }

    /** The timeline and insights; keywords without data are listed (null points, "no data"), never invented. */
    public static Report build(Granularity granularity, List<LocalDate> dates, List<String> keywords,
                               Map<String, KeywordSeries> series) {
        return build(granularity, dates, keywords, series, false);
    }

    /** {@link #build(Granularity, List, List, Map)} where the source says whether its last period is partial. */
    public static Report build(Granularity granularity, List<LocalDate> dates, List<String> keywords,
                               Map<String, KeywordSeries> series, boolean lastPeriodPartial) {
        series.values().forEach(s -> {
            if (s.values().length != dates.size()) throw new IllegalArgumentException(s.keyword() + " has the wrong number of points");
            for (double v : s.values()) {
                if (v < 0 || Double.isInfinite(v)) throw new IllegalArgumentException(s.keyword() + " has a negative or infinite value");
            }
        });
        Map<String, double[]> scaled = scale(series);
        Map<String, List<Double>> points = new LinkedHashMap<>();
        for (String keyword : keywords) {
            List<Double> values = new ArrayList<>(dates.size());
            double[] v = scaled.get(keyword);
            for (int i = 0; i < dates.size(); i++) {
                values.add(v == null || Double.isNaN(v[i]) ? null : Math.round(v[i] * 10) / 10.0);
            }
            points.put(keyword, values);
        }
        TrendsResults.Timeline timeline = new TrendsResults.Timeline(dates.stream().map(LocalDate::toString).toList(), points);
        ObjectNode insights = JsonNodeFactory.instance.objectNode();
        ObjectNode perKeyword = insights.putObject("keywords");
        List<ObjectNode> analysed = new ArrayList<>();
        for (String keyword : keywords) {
            KeywordSeries raw = series.get(keyword);
            ObjectNode insight = raw == null ? noData() : analyse(granularity, dates, scaled.get(keyword), raw.source(), lastPeriodPartial);
            perKeyword.set(keyword, insight);
            insight.put("keyword", keyword);
            analysed.add(insight);
        }
        insights.set("summary", summary(analysed, series, granularity));
        return new Report(timeline, insights);
    }

    /** One shared scale (100 = the highest point of any keyword); per source when sources differ in kind. */
    static Map<String, double[]> scale(Map<String, KeywordSeries> series) {
        Map<String, Double> maxBySource = new LinkedHashMap<>();
        series.values().forEach(s -> {
            for (double v : s.values()) if (!Double.isNaN(v)) maxBySource.merge(s.source(), v, Math::max);
        });
        Map<String, double[]> scaled = new LinkedHashMap<>();
        series.forEach((keyword, s) -> {
            double max = maxBySource.getOrDefault(s.source(), 0.0);
            double[] out = new double[s.values().length];
            for (int i = 0; i < out.length; i++) {
                double v = s.values()[i];
                out[i] = Double.isNaN(v) ? Double.NaN : max == 0 ? 0 : v / max * 100;
            }
            scaled.put(keyword, out);
        });
        return scaled;
    }

    private static ObjectNode noData() {
        ObjectNode insight = JsonNodeFactory.instance.objectNode();
        insight.put("source", "none");
        insight.put("direction", "unknown");
        insight.put("status", "unknown");
        insight.putArray("notes").add("No interest data was found for this keyword.");
        return insight;
    }

    static ObjectNode analyse(Granularity granularity, List<LocalDate> dates, double[] x, String source) {
        return analyse(granularity, dates, x, source, false);
    }

    /**
     * One keyword's insights. A last period the export marks partial, or whose value is far below its
     * neighbours' when nothing says, is left out of every verdict (a week three days old is not a fall).
     */
    static ObjectNode analyse(Granularity granularity, List<LocalDate> dates, double[] all, String source, boolean lastPartial) {
        ObjectNode insight = JsonNodeFactory.instance.objectNode();
        ArrayNode notes = JsonNodeFactory.instance.arrayNode();
        int present = TrendStatistics.present(all).length;
        insight.put("source", source);
        ObjectNode quality = insight.putObject("data_quality");
        quality.put("points", all.length).put("present", present).put("missing", all.length - present);
        double[] x = all;
        if (lastPartial || looksPartial(all)) {
            x = java.util.Arrays.copyOf(all, all.length - 1);
            quality.put("last_period_partial", true);
            String last = dates.getLast().toString();
            notes.add(lastPartial ? "The export marks the last period (" + last + ") as partial; it is left out of the verdicts."
                    : "The last period (" + last + ") is far below the ones before it and may be partial (an export taken before "
                    + "the period ended); it is left out of the verdicts.");
            present = TrendStatistics.present(x).length;
        }

        double slope = SenSlope.of(x);
        putNumber(insight, "sen_slope_per_period", slope, 3);
        int k = Math.min(granularity.horizon, Math.max(1, present / 4));
        double growth = growthOnABase(x, k, "growth_pct", "recent growth", notes);
        putNumber(insight, "growth_pct", growth, 1);
        insight.put("growth_window", k);
        double yoy = growthOnABase(x, granularity.period, "yoy_pct", "year over year", notes);
        putNumber(insight, "yoy_pct", yoy, 1);
        if (Double.isNaN(TrendStatistics.growthPercent(x, granularity.period))) notes.add("Year over year needs two full years of data.");

        Seasonality.Verdict season = Seasonality.judge(x, granularity);
        double[] filled = Stl.filled(x);
        double[] seasonProfile = null; // set only when the series is seasonal
        double[] seasonAtLevel = null; // the same, grown and shrunk with the level: what events stand above
        if (season == null) {
            notes.add("Seasonality needs at least two full cycles (" + 2 * granularity.period + " " + unit(granularity)
                    + "); this series has " + x.length + ".");
        } else {
            ObjectNode seasonality = insight.putObject("seasonality");
            seasonality.put("seasonal", season.seasonal());
            seasonality.put("strength", round(season.strength(), 3));
            seasonality.put("amplitude", round(season.amplitude(), 1));
            seasonality.put("cycles", season.cycles());
            seasonality.putObject("recurrence").put("method", "Friedman").put("p_value", significant(season.recurrenceP(), 3))
                    .put("concordance", round(season.concordance(), 3));
            seasonality.put("peak", peakName(granularity, dates, season.peakPhase()));
            if (season.seasonal()) {
                // the season's fixed profile for the trend test (STL's year-to-year drift of the season
                // is no trend); a seasonal high is expected, not an event
                seasonProfile = season.expected();
                seasonAtLevel = season.expectedAtLevel();
            } else if (season.strength() >= Seasonality.MIN_STRENGTH && season.recurrenceP() >= Seasonality.RECURRENCE_ALPHA) {
                String cycle = granularity == Granularity.DAILY ? "week" : "year";
                notes.add("The pattern of one " + cycle + " does not repeat in the others (Friedman p = "
                        + significant(season.recurrenceP(), 2) + "): no seasonality is claimed.");
            }
        }
        // the trend test: Hirsch and Slack's seasonal Kendall test on ten years or more of months (its
        // covariance between seasons needs them); else the autocorrelation-corrected test, on the
        // series less its season when it has one (a season's swing is not a trend, nor evidence against one)
        boolean seasonalTest = granularity == Granularity.MONTHLY && x.length >= SEASONAL_KENDALL_YEARS * 12;
        double[] tested = x;
        if (!seasonalTest && seasonProfile != null) {
            tested = x.clone();
            for (int i = 0; i < tested.length; i++) if (!Double.isNaN(tested[i])) tested[i] -= seasonProfile[i];
        }
        ModifiedMannKendall.Result mk = seasonalTest
                ? ModifiedMannKendall.correlatedSeasonal(x, 12)
                : ModifiedMannKendall.test(tested, ALPHA, slope); // a season has no slope: the series' own detrends the ranks
        if (mk == null) {
            insight.put("direction", "unknown");
            notes.add("Too few points (" + present + ") to test for a trend; at least "
                    + MannKendall.MIN_POINTS + " are needed.");
        } else {
            insight.put("direction", mk.direction(ALPHA));
            ObjectNode test = insight.putObject("trend_test").put("method", mk.method()).put("n", mk.n())
                    .put("n_effective", round(mk.nEffective(), 1))
                    .put("s", mk.s()).put("z", round(mk.z(), 3)).put("p_value", significant(mk.pValue(), 3))
                    .put("p_value_independent", significant(mk.pPlain(), 3))
                    .put("significant", mk.significant(ALPHA));
            if (tested != x) test.put("deseasonalised", true);
        }
        List<Events.Event> events = filled == null ? List.of() : Events.find(filled, seasonAtLevel, granularity);
        ArrayNode eventsNode = insight.putArray("events");
        ArrayNode spikes = insight.putArray("spikes");
        for (Events.Event event : events) {
            String peakDate = dates.get(event.peak()).toString();
            ObjectNode node = eventsNode.addObject().put("kind", event.kind()).put("start", dates.get(event.start()).toString())
                    .put("peak_date", peakDate).put("peak_value", round(x[event.peak()], 1));
            if (event.ongoing()) node.putNull("end");
            else node.put("end", dates.get(event.end()).toString());
            node.put("ongoing", event.ongoing());
            node.put("words", eventWords(event, dates, x));
            spikes.addObject().put("date", peakDate).put("value", round(x[event.peak()], 1)).put("kind", event.kind());
        }
        boolean breakout = TrendStatus.breakout(x, granularity.period);
        insight.put("breakout", breakout);
        // a wave still going on (a single high last point is the breakout test's to judge)
        int analysed = x.length;
        Events.Event ongoing = events.stream().filter(e -> e.ongoing() && analysed - e.start() >= 3 && TrendStatus.holding(e, filled))
                .findFirst().orElse(null);
        TrendStatus.Verdict verdict = TrendStatus.of(mk, growth, season, breakout, ongoing, x, granularity, dates);
        insight.put("status", verdict.status());
        if (verdict.reason() != null) insight.put("status_reason", verdict.reason());

        HoltWinters.Forecast forecast = HoltWinters.forecast(x, granularity.period, granularity.horizon);
        if (forecast == null) {
            notes.add("A forecast needs at least " + HoltWinters.MIN_POINTS + " points.");
        } else {
            ArrayNode points = insight.putArray("forecast");
            LocalDate next = dates.get(x.length - 1);
            for (int h = 0; h < forecast.mean().length; h++) {
                next = granularity.next(next, 1);
                points.addObject().put("date", next.toString()).put("value", round(forecast.mean()[h], 1))
                        .put("lower", round(forecast.lower()[h], 1)).put("upper", round(forecast.upper()[h], 1));
            }
        }
        insight.set("notes", notes);
        return insight;
    }

    private static String unit(Granularity granularity) {
        return switch (granularity) {
            case MONTHLY -> "months";
            case WEEKLY -> "weeks";
            case DAILY -> "days";
        };
    }

    /** "A wave from 2021-05-30 to 2021-10-10, peaking on 2021-08-01 at 100" (or "… still going on"). */
    static String eventWords(Events.Event event, List<LocalDate> dates, double[] x) {
        String what = "spike".equals(event.kind()) ? "A spike" : "A wave";
        String span = event.start() == event.peak() && !event.ongoing() && event.end() == event.peak()
                ? " on " + dates.get(event.peak())
                : " from " + dates.get(event.start()) + (event.ongoing() ? ", still going on" : " to " + dates.get(event.end()))
                  + ", peaking on " + dates.get(event.peak());
        return what + span + " at " + whole(x[event.peak()]) + " (the level around it: " + whole(event.baseline()) + ").";
    }

    /** A final value below this share of the median of the four before it, from at least 2, reads as a partial period. */
    static final double PARTIAL_SHARE = 0.5;

    static boolean looksPartial(double[] x) {
        int n = x.length;
        if (n < 9 || Double.isNaN(x[n - 1])) return false;
        double[] before = java.util.Arrays.copyOfRange(x, n - 5, n - 1);
        double median = TrendStatistics.median(TrendStatistics.present(before));
        return median >= 2 && x[n - 1] < PARTIAL_SHARE * median;
    }

    /**
     * Percent growth of the last {@code k} points over the {@code k} before, NaN (reported as null, with
     * a note) when that earlier level is below {@link #MIN_GROWTH_BASE}.
     */
    private static double growthOnABase(double[] x, int k, String field, String what, ArrayNode notes) {
        double growth = TrendStatistics.growthPercent(x, k);
        if (Double.isNaN(growth)) return growth;
        double[] values = TrendStatistics.present(x);
        double base = TrendStatistics.mean(values, values.length - 2 * k, values.length - k);
        if (base >= MIN_GROWTH_BASE) return growth;
        notes.add("No " + field + ": the " + what + " starts from " + round(base, 1) + " on the 0–100 scale (below "
                + (int) MIN_GROWTH_BASE + "), where a point or two reads as hundreds of percent.");
        return Double.NaN;
    }

    static String whole(double value) {
        return value < 1 && value > 0 ? "<1" : String.valueOf(Math.round(value));
    }

    private static String peakName(Granularity granularity, List<LocalDate> dates, int phase) {
        LocalDate date = dates.get(phase);
        return switch (granularity) {
            case MONTHLY -> Month.from(date).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case WEEKLY -> "week " + date.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case DAILY -> date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        };
    }

    private static ObjectNode summary(List<ObjectNode> insights, Map<String, KeywordSeries> series, Granularity granularity) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        List<ObjectNode> withSlope = insights.stream().filter(i -> i.has("sen_slope_per_period")).toList();
        List<String> rising = withSlope.stream().filter(i -> "rising".equals(i.path("direction").asText()))
                .sorted(Comparator.comparingDouble(i -> -i.path("sen_slope_per_period").asDouble()))
                .map(i -> i.path("keyword").asText()).toList();
        List<String> falling = withSlope.stream().filter(i -> "falling".equals(i.path("direction").asText()))
                .sorted(Comparator.comparingDouble(i -> i.path("sen_slope_per_period").asDouble()))
                .map(i -> i.path("keyword").asText()).toList();
        List<String> seasonal = insights.stream().filter(i -> i.path("seasonality").path("seasonal").asBoolean(false))
                .sorted(Comparator.comparingDouble(i -> -i.path("seasonality").path("strength").asDouble()))
                .map(i -> i.path("keyword").asText()).toList();
        List<String> breakouts = insights.stream().filter(i -> i.path("breakout").asBoolean(false))
                .map(i -> i.path("keyword").asText()).toList();
        summary.set("top_rising", strings(rising.subList(0, Math.min(5, rising.size()))));
        summary.set("top_falling", strings(falling.subList(0, Math.min(5, falling.size()))));
        summary.set("most_seasonal", strings(seasonal.subList(0, Math.min(5, seasonal.size()))));
        summary.set("breakouts", strings(breakouts));
        // each status, in the order of the rules, with its keywords
        Map<String, List<String>> statuses = new java.util.LinkedHashMap<>();
        for (String status : List.of("exploding", "growing", "peaked", "declining", "seasonal", "steady", "unknown")) {
            List<String> keywords = insights.stream().filter(i -> status.equals(i.path("status").asText()))
                    .map(i -> i.path("keyword").asText()).toList();
            if (!keywords.isEmpty()) statuses.put(status, keywords);
        }
        ObjectNode byStatus = summary.putObject("statuses");
        statuses.forEach((status, keywords) -> byStatus.set(status, strings(keywords)));
        Set<String> sources = new LinkedHashSet<>();
        series.values().forEach(s -> sources.add(s.source()));
        summary.set("sources", strings(List.copyOf(sources)));
        summary.put("scale", sources.size() > 1 ? "per source (sources measure different things)" : "shared");
        summary.put("granularity", granularity.name().toLowerCase(Locale.ROOT));

        ArrayNode sentences = summary.putArray("sentences");
        long withData = insights.stream().filter(i -> !"none".equals(i.path("source").asText())).count();
        sentences.add(withData + " of " + insights.size() + " keywords have interest data ("
                + String.join(", ", sources) + ").");
        if (!rising.isEmpty()) sentences.add("Rising significantly: " + String.join(", ", rising.subList(0, Math.min(3, rising.size()))) + ".");
        if (!falling.isEmpty()) sentences.add("Falling significantly: " + String.join(", ", falling.subList(0, Math.min(3, falling.size()))) + ".");
        if (rising.isEmpty() && falling.isEmpty() && withData > 0) sentences.add("No keyword shows a significant trend.");
        for (String keyword : seasonal.subList(0, Math.min(2, seasonal.size()))) {
            ObjectNode i = insights.stream().filter(n -> n.path("keyword").asText().equals(keyword)).findFirst().orElseThrow();
            sentences.add("\"" + keyword + "\" is seasonal, peaking in " + i.path("seasonality").path("peak").asText() + ".");
        }
        if (!breakouts.isEmpty()) sentences.add("Breaking out now: " + String.join(", ", breakouts) + ".");
        for (String status : List.of("exploding", "peaked")) {
            if (statuses.containsKey(status)) {
                sentences.add(status.substring(0, 1).toUpperCase(Locale.ROOT) + status.substring(1) + ": "
                        + String.join(", ", statuses.get(status)) + ".");
            }
        }
        return summary;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putNumber(ObjectNode node, String field, double value, int decimals) {
        if (Double.isFinite(value)) node.put(field, round(value, decimals));
        else node.putNull(field);
    }

    /** To {@code digits} significant digits: a p-value of 1.6e-6 stays 1.6e-6, never 0. */
    static double significant(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) return value;
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).doubleValue();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
