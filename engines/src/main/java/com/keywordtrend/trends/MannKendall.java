package com.keywordtrend.trends;

/**
 * Mann-Kendall: S, its tie-corrected variance, the continuity-corrected Z and the two-sided p-value,
 * over a series' present points in order; the seasonal form (Hirsch) sums each season's own.
 */
public record MannKendall(double s, double variance, double z, double pValue, int n) {
    public String direction(double alpha) {
        if (pValue >= alpha || s == 0) return "flat";
        return s > 0 ? "rising" : "falling";
    }

    public static final int MIN_POINTS = 4;

    /** Mann-Kendall trend test over the present points, in order; null below {@value #MIN_POINTS} points. */
    public static MannKendall of(double[] series) {
        double[] x = TrendStatistics.present(series);
        if (x.length < MIN_POINTS) return null;
        KendallCounts counts = kendall(x);
        return fromS(counts.s(), counts.variance(), x.length);
    }

    /** Seasonal Mann-Kendall (Hirsch): S and variances summed over each season's own sub-series. */
    public static MannKendall seasonal(double[] series, int period) {
        double s = 0;
        double variance = 0;
        int points = 0;
        for (int season = 0; season < period; season++) {
            int count = (series.length - season + period - 1) / period;
            double[] sub = new double[Math.max(0, count)];
            for (int k = 0; k < sub.length; k++) sub[k] = series[season + k * period];
            double[] x = TrendStatistics.present(sub);
            if (x.length < 2) continue;
            KendallCounts counts = kendall(x);
            s += counts.s();
            variance += counts.variance();
            points += x.length;
        }
        if (points < MIN_POINTS) return null;
        return fromS(s, variance, points);
    }

    private static MannKendall fromS(double s, double variance, int n) {
        double z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
        double p = variance <= 0 ? 1.0 : 2 * NormalDistribution.upperTail(Math.abs(z));
        return new MannKendall(s, variance, z, Math.clamp(p, 0, 1), n);
    }

    /** S and its tie-corrected variance. */
    private record KendallCounts(double s, double variance) {
    }

    /**
     * Knight's O(n log n) Kendall counts: a merge sort counts the discordant pairs (i &lt; j with
     * x_i &gt; x_j) and leaves x sorted, where the tied groups are runs. S = pairs − ties − 2·discordant.
     */
    private static KendallCounts kendall(double[] x) {
        int n = x.length;
        double[] sorted = x.clone();
        long discordant = MergeSort.inversions(sorted, false);
        long tiedPairs = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) j++;
            long t = j - i + 1;
            if (t > 1) {
                tiedPairs += t * (t - 1) / 2;
                tieTerm += t * (t - 1.0) * (2 * t + 5);
            }
            i = j + 1;
        }
        long pairs = (long) n * (n - 1) / 2;
        double s = pairs - tiedPairs - 2.0 * discordant;
        return new KendallCounts(s, (n * (n - 1.0) * (2 * n + 5) - tieTerm) / 18.0);
    }
}
