package com.keywordtrend.trends;

/**
 * Whether a series is seasonal, from what the data can show: at least two full cycles, a robust
 * decomposition (STL with robustness weights, so that one event does not become the season) whose
 * seasonal part is strong, and a profile that recurs: Friedman's test, cycles as blocks and the
 * cycle's positions (months, weeks, weekdays) as treatments, on the
 * series less its trend. One news wave lifts the same weeks in one year only, so its ranks do not
 * agree across years, and the test says so. The test runs on the series less a running median over
 * one cycle (a level that neither a season nor a wave shorter than half a cycle moves). Each point of the cycle is a treatment: with two years
 * of weeks, 52 of them can show a concordance that 13 four-week spans cannot.
 */
public final class Seasonality {
    /** STL's strength of seasonality at least this (white noise over c cycles scores about 1/c)... */
    static final double MIN_STRENGTH = 0.7;
    /** ...its profile recurring across cycles at this significance (Friedman; a strict level, as many series are tested)... */
    static final double RECURRENCE_ALPHA = 0.001;
    /** ...and spanning at least this share of the series' highest value: a season its chart does not show is not claimed. */
    static final double MIN_AMPLITUDE = 0.1;
    /**
     * The season is judged on the latest this many points at most, in whole cycles: twenty years of
     * weeks (more than any Google Trends export holds). A season decades old says nothing of this
     * year's, and a long series would otherwise cost time in proportion.
     */
    static final int MAX_POINTS = 1040;

    /**
     * The verdict and what it rests on.
     *
     * @param cycles        full cycles in the series
     * @param recurrenceP   Friedman's p-value (NaN when not tested)
     * @param concordance   Kendall's W of the cycles' profiles, 0 (none) to 1 (every cycle ranks its positions alike)
     * @param peakPhase     the phase (position in the cycle, from the first point) where the season peaks
     * @param length        the points of the series judged (the decomposition may cover only the latest of them)
     */
    public record Verdict(boolean seasonal, double strength, double amplitude, int cycles, double recurrenceP,
                          double concordance, int peakPhase, Stl.Decomposition decomposition, int length) {
        /**
         * The season each point can expect: the seasonal component's mean by phase, smoothed over five
         * neighbouring weeks of a weekly series (each week's mean rests on a few years, and its noise
         * would otherwise pass for a season's shape and its departures for events).
         */
        public double[] expected() {
            int period = decomposition.period();
            double[] profile = decomposition.profile();
            int half = period >= 52 ? 2 : 0;
            double[] smooth = new double[period];
            for (int p = 0; p < period; p++) {
                double sum = 0;
                for (int k = -half; k <= half; k++) sum += profile[Math.floorMod(p + k, period)];
                smooth[p] = sum / (2 * half + 1);
            }
            double[] out = new double[length];
            for (int i = 0; i < out.length; i++) out[i] = smooth[i % period];
            return out;
        }

        /**
         * {@link #expected()} grown and shrunk with the series' level: search interest's season is a
         * share of it (a league's final draws twice the searches when the league is twice as popular),
         * so each point's season is the profile times the decomposition's trend there over its mean.
         */
        public double[] expectedAtLevel() {
            double[] out = expected();
            double[] trend = decomposition.trend();
            int from = length - trend.length; // the points before the decomposition take its first level
            double mean = 0;
            for (double t : trend) mean += Math.max(0, t);
            mean /= trend.length;
            if (mean <= 0) return out;
            for (int i = 0; i < out.length; i++) out[i] *= Math.max(0, trend[Math.max(0, i - from)]) / mean;
            return out;
        }
    }

    private Seasonality() {
    }

    /** Null when there are fewer than two full cycles. */
    public static Verdict judge(double[] series, Granularity granularity) {
        int period = granularity.period;
        if (series.length / period < 2) return null;
        // the latest whole cycles, from a multiple of the period: a phase is the same in both
        int from = series.length <= MAX_POINTS ? 0 : (series.length - MAX_POINTS + period - 1) / period * period;
        double[] x = from == 0 ? series : java.util.Arrays.copyOfRange(series, from, series.length);
        int cycles = x.length / period;
        Stl.Decomposition d = Stl.decompose(x, period);
        if (d == null) return null;
        double[] profile = d.profile();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int peak = 0;
        for (int p = 0; p < period; p++) {
            if (profile[p] > profile[peak]) peak = p;
            min = Math.min(min, profile[p]);
            max = Math.max(max, profile[p]);
        }
        double[] filled = Stl.filled(x);
        // the level for the recurrence test is a running median over one cycle, not STL's trend: with two
        // cycles STL cannot tell which year's value is the outlier, and a trend bent to make up for a season
        // that took a one-off wave mirrors the wave into the other year
        int window = period % 2 == 0 ? period + 1 : period;
        double[] level = Events.runningMedian(filled, window);
        // at the ends a shortened window would follow the season: hold the nearest full window's median
        int half = window / 2;
        for (int i = 0; i < Math.min(half, x.length); i++) level[i] = level[Math.min(half, x.length - 1)];
        for (int i = Math.max(0, x.length - half); i < x.length; i++) level[i] = level[Math.max(0, x.length - 1 - half)];
        double[] detrended = new double[x.length];
        for (int i = 0; i < x.length; i++) detrended[i] = filled[i] - level[i];
        double[] friedman = friedman(detrended, period, cycles);
        double strength = d.strength();
        double highest = 0;
        for (double v : filled) highest = Math.max(highest, v);
        boolean seasonal = strength >= MIN_STRENGTH && max - min >= MIN_AMPLITUDE * highest && friedman[0] < RECURRENCE_ALPHA;
        return new Verdict(seasonal, strength, max - min, cycles, friedman[0], friedman[1], peak, d, series.length);
    }

    /** [p-value, Kendall's W] of Friedman's test over the full cycles, each position of the cycle a treatment. */
    static double[] friedman(double[] detrended, int period, int cycles) {
        int k = period;
        double[] rankSums = new double[k];
        double tieSum = 0;
        for (int c = 0; c < cycles; c++) {
            double[] block = java.util.Arrays.copyOfRange(detrended, c * period, (c + 1) * period);
            double[] ranks = ModifiedMannKendall.ranks(block);
            for (int j = 0; j < k; j++) rankSums[j] += ranks[j];
            tieSum += ties(block);
        }
        double b = cycles;
        double sumSquares = 0;
        for (double r : rankSums) sumSquares += r * r;
        double q = 12 / (b * k * (k + 1)) * sumSquares - 3 * b * (k + 1);
        double correction = 1 - tieSum / (b * ((double) k * k * k - k));
        if (correction <= 0) return new double[] {1, 0};
        q /= correction;
        double w = q / (b * (k - 1));
        return new double[] {chiSquareUpperTail(q, k - 1), Math.clamp(w, 0, 1)};
    }

    /** Σ (t³ − t) over groups of tied values. */
    private static double ties(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double sum = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) j++;
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }

    /** P(χ²_df &gt; q): the regularized upper incomplete gamma Q(df/2, q/2). */
    static double chiSquareUpperTail(double q, int df) {
        if (q <= 0) return 1;
        return upperGamma(df / 2.0, q / 2);
    }

    /** Q(a, x) by its series below a + 1 and its continued fraction above (Numerical Recipes' split). */
    private static double upperGamma(double a, double x) {
        double logFront = -x + a * Math.log(x) - ModifiedMannKendall.logGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 500; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
            }
            return Math.clamp(1 - sum * Math.exp(logFront), 0, 1);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 500; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return Math.clamp(Math.exp(logFront) * h, 0, 1);
    }
}
