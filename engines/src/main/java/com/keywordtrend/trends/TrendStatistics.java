package com.keywordtrend.trends;

/**
 * What the statistics share, on series with NaN for missing points: the present points, means,
 * medians by selection, growth. Each statistic has its own class ({@link MannKendall},
 * {@link ModifiedMannKendall}, {@link SenSlope}, {@link HoltWinters}, {@link NormalDistribution});
 * each says when a series is too short for it by returning null (or NaN) rather than guessing.
 */
public final class TrendStatistics {
    private TrendStatistics() {
    }

    public static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        // selected, not sorted: the two middle ranks are all a median needs
        return medianOfRanks(values.clone(), (values.length - 1) / 2, values.length / 2);
    }

    /** Percent change of the mean of the last k present points over the k before; NaN when short or from zero. */
    public static double growthPercent(double[] series, int k) {
        double[] x = present(series);
        if (x.length < 2 * k) return Double.NaN;
        double recent = mean(x, x.length - k, x.length);
        double before = mean(x, x.length - 2 * k, x.length - k);
        return before == 0 ? Double.NaN : (recent - before) / before * 100;
    }

    /** The mean of the slopes of ranks {@code lower} and {@code upper} (equal for an odd count); reorders slopes. */
    static double medianOfRanks(double[] slopes, int lower, int upper) {
        double high = select(slopes, 0, slopes.length - 1, upper);
        if (lower == upper) return high;
        // after selection every slope left of {@code upper} is at most the upper one: the lower is their maximum
        double low = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < upper; i++) low = Math.max(low, slopes[i]);
        return (low + high) / 2;
    }

    /** The value of rank k (0-based) within a[from..to], partially ordering a around it (Hoare, median of three). */
    static double select(double[] a, int from, int to, int k) {
        while (to > from) {
            int mid = (from + to) >>> 1;
            double pivot = Math.max(Math.min(a[from], a[mid]), Math.min(Math.max(a[from], a[mid]), a[to]));
            int i = from;
            int j = to;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) to = j;
            else if (k >= i) from = i;
            else return a[k];
        }
        return a[k];
    }

    static double[] present(double[] series) {
        int count = 0;
        for (double v : series) if (!Double.isNaN(v)) count++;
        if (count == series.length) return series.clone();
        double[] values = new double[count];
        int next = 0;
        for (double v : series) if (!Double.isNaN(v)) values[next++] = v;
        return values;
    }

    static double mean(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += x[i];
        return sum / (to - from);
    }

    static double variance(double[] x) {
        if (x.length < 2) return 0;
        double m = mean(x, 0, x.length);
        double sum = 0;
        for (double v : x) sum += (v - m) * (v - m);
        return sum / (x.length - 1);
    }
}
