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
 * Puts a job's series on one timeline and one 0–100 scale and says what they mean: per keyword,
 * direction (Mann-Kendall, seasonal when monthly over two years or more) with its p-value, Sen's
 * slope, growth, year over year, seasonality and peak, spikes, breakout and a forecast; and a
 * summary for the job.
 */
public final class TrendReport {
    static final double ALPHA = 0.05;
    static final double SPIKE_Z = 3.5;
    /**
     * The residuals' spread is taken as at least one point of the 0–100 scale (exports are whole
     * numbers): a spike then stands at least about 5 points above what was expected, never a
     * rounding wobble of a smooth series.
     */
    static final double SPIKE_MIN_MAD = 1.0;
    /**
     * Growth is not reported from an earlier level below this (on the 0–100 scale): from 0.5 to 15 is
     * +2,900 %, which says nothing a marketer can use.
     */
    static final double MIN_GROWTH_BASE = 5;
    /** Seasonality at least this strong (Hyndman's strength, 0–1) makes a keyword without a trend "seasonal". */
    static final double SEASONAL_STRENGTH = 0.6;
    /** ...and its seasonal indices span at least this much of the 0–100 scale (noise has a strong-looking season too). */
    static final double SEASONAL_AMPLITUDE = 10;
    /** "exploding": rising significantly and at least this much above the window before, or a breakout. */
    static final double EXPLODING_GROWTH_PCT = 100;
    /** "peaked": the peak is not in the first or last quarter and the latest window is at most this share of it. */
    static final double PEAKED_SHARE = 0.7;

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
            ObjectNode insight = raw == null ? noData() : analyse(granularity, dates, scaled.get(keyword), raw.source());
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
        ObjectNode insight = JsonNodeFactory.instance.objectNode();
        ArrayNode notes = JsonNodeFactory.instance.arrayNode();
        int present = TrendStatistics.present(x).length;
        insight.put("source", source);
        ObjectNode quality = insight.putObject("data_quality");
        quality.put("points", x.length).put("present", present).put("missing", x.length - present);

        boolean seasonalTest = granularity == Granularity.MONTHLY && x.length >= 24;
        TrendStatistics.MannKendall mk = seasonalTest
                ? TrendStatistics.seasonalMannKendall(x, 12) : TrendStatistics.mannKendall(x);
        if (mk == null) {
            insight.put("direction", "unknown");
            notes.add("Too few points (" + present + ") to test for a trend; at least "
                    + TrendStatistics.MIN_POINTS_MANN_KENDALL + " are needed.");
        } else {
            insight.put("direction", mk.direction(ALPHA));
            insight.putObject("trend_test").put("method", seasonalTest ? "seasonal Mann-Kendall" : "Mann-Kendall")
                    .put("s", mk.s()).put("z", round(mk.z(), 3)).put("p_value", significant(mk.pValue(), 3))
                    .put("significant", mk.pValue() < ALPHA);
        }
        double slope = TrendStatistics.senSlope(x);
        putNumber(insight, "sen_slope_per_period", slope, 3);
        int k = Math.min(granularity.horizon, Math.max(1, present / 4));
        double growth = growthOnABase(x, k, "growth_pct", "recent growth", notes);
        putNumber(insight, "growth_pct", growth, 1);
        insight.put("growth_window", k);
        double yoy = growthOnABase(x, granularity.period, "yoy_pct", "year over year", notes);
        putNumber(insight, "yoy_pct", yoy, 1);
        if (Double.isNaN(TrendStatistics.growthPercent(x, granularity.period))) notes.add("Year over year needs two full years of data.");

        TrendStatistics.Decomposition decomposition = TrendStatistics.decompose(x, granularity.period);
        double[] residual;
        if (decomposition == null) {
            notes.add("Seasonality needs two full cycles without missing points.");
            residual = detrend(x, slope);
        } else {
            ObjectNode seasonality = insight.putObject("seasonality");
            seasonality.put("strength", round(decomposition.strength(), 3));
            int peak = decomposition.peakPhase();
            seasonality.put("peak", peakName(granularity, dates, peak));
            residual = withEnds(x, decomposition);
        }
        double[] z = TrendStatistics.robustZ(residual, SPIKE_MIN_MAD);
        ArrayNode spikes = insight.putArray("spikes");
        for (int i = 0; i < z.length; i++) {
            if (!Double.isNaN(z[i]) && z[i] > SPIKE_Z) spikes.addObject().put("date", dates.get(i).toString()).put("z", round(z[i], 2));
        }
        boolean breakout = breakout(x);
        insight.put("breakout", breakout);
        insight.put("status", status(mk, growth, decomposition, breakout, x, granularity.period));

        TrendStatistics.Forecast forecast = TrendStatistics.forecast(x, granularity.period, granularity.horizon);
        if (forecast == null) {
            notes.add("A forecast needs at least " + TrendStatistics.MIN_POINTS_FORECAST + " points.");
        } else {
            ArrayNode points = insight.putArray("forecast");
            LocalDate next = dates.getLast();
            for (int h = 0; h < forecast.mean().length; h++) {
                next = granularity.next(next, 1);
                points.addObject().put("date", next.toString()).put("value", round(forecast.mean()[h], 1))
                        .put("lower", round(forecast.lower()[h], 1)).put("upper", round(forecast.upper()[h], 1));
            }
        }
        insight.set("notes", notes);
        return insight;
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

    /**
     * The status at a glance, by the first rule that holds (README: Trend insights): exploding, growing,
     * peaked, declining, seasonal, steady; unknown without a trend test.
     */
    static String status(TrendStatistics.MannKendall mk, double growth, TrendStatistics.Decomposition decomposition,
                         boolean breakout, double[] x, int period) {
        if (mk == null) return "unknown";
        String direction = mk.direction(ALPHA);
        if (breakout || ("rising".equals(direction) && growth >= EXPLODING_GROWTH_PCT)) return "exploding";
        if ("rising".equals(direction)) return "growing";
        if (peaked(x, period)) return "peaked";
        if ("falling".equals(direction)) return "declining";
        if (decomposition != null && decomposition.strength() >= SEASONAL_STRENGTH && amplitude(decomposition) >= SEASONAL_AMPLITUDE) {
            return "seasonal";
        }
        return "steady";
    }

    private static double amplitude(TrendStatistics.Decomposition decomposition) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double index : decomposition.indices()) {
            min = Math.min(min, index);
            max = Math.max(max, index);
        }
        return max - min;
    }

    /**
     * The highest moving mean lies in the middle half, and the latest quarter's mean is at most 70 % of
     * it. The mean spans a season when two fit in a quarter of the series (so that a seasonal high is
     * not a peak), else 3 points.
     */
    static boolean peaked(double[] x, int period) {
        double[] values = TrendStatistics.present(x);
        int n = values.length;
        if (n < 8) return false;
        int window = period > 1 && 2 * period <= n ? period : 3;
        int peakAt = 0;
        double peak = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            if (i >= window - 1 && sum / window > peak) {
                peak = sum / window;
                peakAt = i - window + 1 + window / 2;
            }
        }
        double latest = TrendStatistics.mean(values, n - Math.max(2, n / 4), n);
        return peak > 0 && peakAt >= n / 4 && peakAt < n - n / 4 && latest <= PEAKED_SHARE * peak;
    }

    /**
     * The residual of the decomposition, and at both ends (where the centred moving average has no
     * value) the point less its season and the trend carried on along its slope, so that a spike in
     * the latest periods is seen and a steady rise is not.
     */
    static double[] withEnds(double[] x, TrendStatistics.Decomposition decomposition) {
        double[] trend = decomposition.trend();
        double[] residual = decomposition.residual().clone();
        int first = 0;
        while (first < trend.length && Double.isNaN(trend[first])) first++;
        int last = trend.length - 1;
        while (last >= 0 && Double.isNaN(trend[last])) last--;
        if (first > last) return residual;
        // the trend carried on along its slope over the nearest season (not flat: a rising series'
        // last points would stand above a flat level and read as spikes)
        int span = Math.min(last - first, Math.max(1, decomposition.indices().length));
        double startSlope = span == 0 ? 0 : (trend[first + span] - trend[first]) / span;
        double endSlope = span == 0 ? 0 : (trend[last] - trend[last - span]) / span;
        for (int t = 0; t < x.length; t++) {
            if (!Double.isNaN(residual[t]) || Double.isNaN(x[t])) continue;
            double level = t < first ? trend[first] - startSlope * (first - t) : trend[last] + endSlope * (t - last);
            residual[t] = x[t] - level - decomposition.seasonal()[t];
        }
        return residual;
    }

    /** The latest point far above everything before it (robust z over the history) and above the recent level. */
    static boolean breakout(double[] x) {
        double[] values = TrendStatistics.present(x);
        if (values.length < 8) return false;
        double last = values[values.length - 1];
        double[] history = java.util.Arrays.copyOf(values, values.length - 1);
        double med = TrendStatistics.median(history);
        double[] dev = new double[history.length];
        for (int i = 0; i < history.length; i++) dev[i] = Math.abs(history[i] - med);
        double mad = TrendStatistics.median(dev);
        double z = mad == 0 ? (last > med ? Double.POSITIVE_INFINITY : 0) : 0.6745 * (last - med) / mad;
        return z > SPIKE_Z && last >= TrendStatistics.mean(values, Math.max(0, values.length - 4), values.length);
    }

    private static double[] detrend(double[] x, double slope) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Double.isNaN(slope) ? x[i] : x[i] - slope * i;
        return out;
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
        List<String> seasonal = insights.stream().filter(i -> i.path("seasonality").path("strength").asDouble(0) >= 0.4)
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
