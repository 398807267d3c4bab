package com.keywordtrend.trends;

import java.time.LocalDate;
import java.util.List;

/**
 * A keyword's status at a glance (exploding, peaked, growing, declining, seasonal, steady, unknown),
 * by the first rule that holds, with the words behind it where they help.
 */
final class TrendStatus {
    private TrendStatus() {
    }

    /** A breakout: the latest point this many robust standard deviations above the history. */
    static final double SPIKE_Z = 3.5;
    /** "exploding": rising significantly and at least this much above the window before, or a breakout. */
    static final double EXPLODING_GROWTH_PCT = 100;
    /** A breakout reaches at least this share of the series' highest point before it: a bump on a low base far below an old high is not one. */
    static final double BREAKOUT_SHARE_OF_HIGH = 0.5;
    /** "peaked": the latest level (and the first) is at most this share of the peak behind it. */
    static final double PEAKED_SHARE = 0.35;

    /** A status and, where it helps, the words behind it. */
    record Verdict(String status, String reason) {
    }

    /**
     * The status at a glance, by the first rule that holds (docs/insights.md): exploding (a
     * breakout, a wave still going on, or a significant rise that doubled), peaked, growing,
     * declining, seasonal, steady; unknown without a trend test. {@code peaked}
     * comes before the trend: a wave that is over can leave a rising trend behind it.
     */
    static Verdict of(ModifiedMannKendall.Result mk, double growth, Seasonality.Verdict season, boolean breakout,
                          Events.Event ongoing, double[] x, Granularity granularity, List<LocalDate> dates) {
        if (mk == null) return new Verdict("unknown", null);
        String direction = mk.direction(TrendReport.ALPHA);
        if (breakout) return new Verdict("exploding", "The latest point is far above the past year's, and at least half the series' high.");
        // a wave still going on and holding its rise: exploding when it doubled the level around it, else growing
        String wave = ongoing == null ? null : "A wave since " + dates.get(ongoing.start()) + " is still going on: it peaked on "
                + dates.get(ongoing.peak()) + " at " + TrendReport.whole(ongoing.peakValue()) + ", against " + TrendReport.whole(ongoing.baseline())
                + " around it.";
        if (ongoing != null && doubles(ongoing)) return new Verdict("exploding", wave);
        if ("rising".equals(direction) && growth >= EXPLODING_GROWTH_PCT) {
            return new Verdict("exploding", "Rising significantly, and up " + TrendReport.whole(growth) + " % on the window before.");
        }
        Peak peak = peak(x, granularity, season != null && season.seasonal());
        if (peak != null) {
            double share = peak.latest() / peak.value() * 100;
            return new Verdict("peaked", "Peaked on " + dates.get(peak.index()) + " at " + TrendReport.whole(peak.value()) + "; now "
                    + TrendReport.whole(peak.latest()) + " (" + TrendReport.whole(share) + " % of the peak).");
        }
        if (ongoing != null) return new Verdict("growing", wave);
        if ("rising".equals(direction)) return new Verdict("growing", null);
        if ("falling".equals(direction)) return new Verdict("declining", null);
        if (season != null && season.seasonal()) return new Verdict("seasonal", null);
        return new Verdict("steady", null);
    }

    /** The series' peak: its index and value, and the latest level. */
    record Peak(int index, double value, double latest) {
    }

    /**
     * The peak lies behind: the highest mean over an eighth of the series (a whole season for a
     * seasonal series, so that a seasonal high is not a peak) is outside the latest periods, the latest level
     * is at most {@link #PEAKED_SHARE} of it, and so was the start (the series rose to it; a series
     * that only fell is declining). Null otherwise.
     */
    static Peak peak(double[] values, Granularity granularity, boolean seasonal) {
        double[] x = Stl.filled(values);
        if (x == null) return null;
        int n = x.length;
        if (n < 8) return null;
        int recent = Math.max(2, Math.min(granularity.horizon, n / 8));
        // the level over an eighth of the series: a one-week spike on a living topic is an event, not its peak
        int window = seasonal && 2 * granularity.period <= n ? granularity.period : Math.max(3, n / 8);
        int best = 0;
        double bestMean = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            if (i >= window) sum -= x[i - window];
            if (i >= window - 1 && sum / window > bestMean) {
                bestMean = sum / window;
                best = i - window + 1;
            }
        }
        // the words name the chart's highest point (the window's mean is no point on the chart)
        int top = 0;
        for (int i = 1; i < n; i++) if (x[i] > x[top]) top = i;
        double latest = TrendStatistics.mean(x, n - recent, n);
        double start = TrendStatistics.mean(x, 0, recent);
        boolean behind = best + window <= n - recent && top < n - recent;
        if (bestMean <= 0 || !behind || latest > PEAKED_SHARE * bestMean || start > PEAKED_SHARE * bestMean) return null;
        return new Peak(top, x[top], latest);
    }

    /**
     * An ongoing wave still rising: the latest three points keep at least half of its rise over the
     * level around it. A wave that has fallen most of the way back is fading, whatever the baseline's
     * window still counts as part of it. {@code filled}: the series the events were found on.
     */
    static boolean holding(Events.Event wave, double[] filled) {
        double latest = TrendStatistics.mean(filled, Math.max(0, filled.length - 3), filled.length);
        return latest - wave.baseline() >= 0.5 * (wave.peakValue() - wave.baseline());
    }

    /** A wave that at least doubles the level around it (as a rise must double for {@link #EXPLODING_GROWTH_PCT}). */
    static boolean doubles(Events.Event wave) {
        return wave.peakValue() >= 2 * Math.max(wave.baseline(), 1);
    }

    /** The latest point far above the history (robust z), above the recent level, higher than anything in the last cycle, and at least half the series' high. */
    static boolean breakout(double[] x, int period) {
        double[] values = TrendStatistics.present(x);
        if (values.length < 8) return false;
        // above the whole last cycle too: a climb back towards an old high is not a breakout
        double lastCycleMax = Double.NEGATIVE_INFINITY;
        for (int i = Math.max(0, values.length - 1 - period); i < values.length - 1; i++) lastCycleMax = Math.max(lastCycleMax, values[i]);
        if (values[values.length - 1] <= lastCycleMax) return false;
        double last = values[values.length - 1];
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length - 1; i++) high = Math.max(high, values[i]);
        if (last < BREAKOUT_SHARE_OF_HIGH * high) return false;
        double[] history = java.util.Arrays.copyOf(values, values.length - 1);
        double med = TrendStatistics.median(history);
        double[] dev = new double[history.length];
        for (int i = 0; i < history.length; i++) dev[i] = Math.abs(history[i] - med);
        double mad = TrendStatistics.median(dev);
        double z = mad == 0 ? (last > med ? Double.POSITIVE_INFINITY : 0) : 0.6745 * (last - med) / mad;
        return z > SPIKE_Z && last >= TrendStatistics.mean(values, Math.max(0, values.length - 4), values.length);
    }
}
