package com.keywordtrend.trends;

import java.util.Arrays;

/**
 * The statistics behind the insights, on series with NaN for missing points. Each method says when
 * a series is too short for it by returning null (or NaN) rather than guessing.
 */
public final class TrendStatistics {
    private TrendStatistics() {
    }

    /** Mann-Kendall: S, its tie-corrected variance, the continuity-corrected Z and the two-sided p-value. */
    public record MannKendall(double s, double variance, double z, double pValue, int n) {
        public String direction(double alpha) {
            if (pValue >= alpha || s == 0) return "flat";
            return s > 0 ? "rising" : "falling";
        }
    }

    public static final int MIN_POINTS_MANN_KENDALL = 4;

    /** Mann-Kendall trend test over the present points, in order; null below {@value #MIN_POINTS_MANN_KENDALL} points. */
    public static MannKendall mannKendall(double[] series) {
        double[] x = present(series);
        int n = x.length;
        if (n < MIN_POINTS_MANN_KENDALL) return null;
        double s = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) s += Math.signum(x[j] - x[i]);
        }
        double variance = (n * (n - 1.0) * (2 * n + 5) - tieTerm(x)) / 18.0;
        return fromS(s, variance, n);
    }

    /** Seasonal Mann-Kendall (Hirsch): S and variances summed over each season's own sub-series. */
    public static MannKendall seasonalMannKendall(double[] series, int period) {
        double s = 0;
        double variance = 0;
        int points = 0;
        for (int season = 0; season < period; season++) {
            int count = (series.length - season + period - 1) / period;
            double[] sub = new double[Math.max(0, count)];
            for (int k = 0; k < sub.length; k++) sub[k] = series[season + k * period];
            double[] x = present(sub);
            if (x.length < 2) continue;
            for (int i = 0; i < x.length - 1; i++) {
                for (int j = i + 1; j < x.length; j++) s += Math.signum(x[j] - x[i]);
            }
            int n = x.length;
            variance += (n * (n - 1.0) * (2 * n + 5) - tieTerm(x)) / 18.0;
            points += n;
        }
        if (points < MIN_POINTS_MANN_KENDALL) return null;
        return fromS(s, variance, points);
    }

    private static MannKendall fromS(double s, double variance, int n) {
        double z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
        double p = variance <= 0 ? 1.0 : 2 * (1 - normalCdf(Math.abs(z)));
        return new MannKendall(s, variance, z, Math.clamp(p, 0, 1), n);
    }

    /** Σ t(t−1)(2t+5) over groups of tied values. */
    private static double tieTerm(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double term = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) j++;
            int t = j - i + 1;
            if (t > 1) term += t * (t - 1.0) * (2 * t + 5);
            i = j + 1;
        }
        return term;
    }

    /**
     * Sen's slope: the median of (x_j − x_i)/(j − i) over all present pairs i &lt; j, per period; NaN
     * below 2 points. The n·(n−1)/2 slopes are never held: the k-th smallest is found by bisection
     * over the value of the slope, counting the pairs at or below a candidate t in O(n log n) time
     * and O(n) memory (slope_ij ≤ t exactly when x_j − t·j ≤ x_i − t·i, an inversion count).
     */
    public static double senSlope(double[] series) {
        int present = 0;
        for (double v : series) if (!Double.isNaN(v)) present++;
        if (present < 2) return Double.NaN;
        double[] values = new double[present];
        double[] positions = new double[present];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0, k = 0; i < series.length; i++) {
            if (Double.isNaN(series[i])) continue;
            values[k] = series[i];
            positions[k++] = i;
            min = Math.min(min, series[i]);
            max = Math.max(max, series[i]);
        }
        long pairs = (long) present * (present - 1) / 2;
        double range = max - min; // no slope is steeper than the range over one period
        double upper = kthSlope(values, positions, (pairs - 1) / 2, range);
        if (pairs % 2 == 1) return upper;
        double lower = kthSlope(values, positions, pairs / 2, range);
        return (upper + lower) / 2;
    }

    /** The k-th smallest pairwise slope (0-based), by bisection over the ordered doubles in [−range, range]. */
    private static double kthSlope(double[] values, double[] positions, long k, double range) {
        long lo = orderedBits(-range);
        long hi = orderedBits(range);
        double[] z = new double[values.length];
        double[] scratch = new double[values.length];
        while (lo < hi) {
            long mid = lo + ((hi - lo) >>> 1); // the difference may pass Long.MAX_VALUE: halve it unsigned
            double t = fromOrderedBits(mid);
            for (int i = 0; i < z.length; i++) z[i] = values[i] - t * positions[i];
            if (pairsAtOrBelow(z, scratch) > k) hi = mid;
            else lo = mid + 1;
        }
        return fromOrderedBits(lo);
    }

    /** Pairs i &lt; j with z_j ≤ z_i, by merge sort (reorders z). */
    private static long pairsAtOrBelow(double[] z, double[] scratch) {
        long count = 0;
        for (int width = 1; width < z.length; width *= 2) {
            for (int from = 0; from < z.length - width; from += 2 * width) {
                int mid = from + width;
                int to = Math.min(from + 2 * width, z.length);
                int i = from;
                int j = mid;
                int out = from;
                while (i < mid && j < to) {
                    // z[j] ≤ z[i] pairs every remaining left element with this right one
                    if (z[j] <= z[i]) {
                        count += mid - i;
                        scratch[out++] = z[j++];
                    } else {
                        scratch[out++] = z[i++];
                    }
                }
                while (i < mid) scratch[out++] = z[i++];
                while (j < to) scratch[out++] = z[j++];
                System.arraycopy(scratch, from, z, from, to - from);
            }
        }
        return count;
    }

    /** A long that orders as the double does: a negative double's magnitude bits are flipped (its own inverse). */
    private static long orderedBits(double value) {
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double fromOrderedBits(long ordered) {
        return Double.longBitsToDouble(ordered ^ ((ordered >> 63) & Long.MAX_VALUE));
    }

    /** Standard normal CDF (Zelen and Severo's approximation, |error| &lt; 7.5e-8). */
    public static double normalCdf(double z) {
        if (z < 0) return 1 - normalCdf(-z);
        double t = 1 / (1 + 0.2316419 * z);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
    }

    public static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Percent change of the mean of the last k present points over the k before; NaN when short or from zero. */
    public static double growthPercent(double[] series, int k) {
        double[] x = present(series);
        if (x.length < 2 * k) return Double.NaN;
        double recent = mean(x, x.length - k, x.length);
        double before = mean(x, x.length - 2 * k, x.length - k);
        return before == 0 ? Double.NaN : (recent - before) / before * 100;
    }

    /** Classical additive decomposition with period p: trend (centred moving average), seasonal indices, residual. */
    public record Decomposition(double[] trend, double[] seasonal, double[] residual, double[] indices, double strength) {
        public int peakPhase() {
            int best = 0;
            for (int i = 1; i < indices.length; i++) if (indices[i] > indices[best]) best = i;
            return best;
        }
    }

    /** Null when there are fewer than two full periods or missing points (the moving average needs them all). */
    public static Decomposition decompose(double[] x, int period) {
        int n = x.length;
        if (period < 2 || n < 2 * period) return null;
        for (double v : x) if (Double.isNaN(v)) return null;
        double[] trend = new double[n];
        Arrays.fill(trend, Double.NaN);
        int half = period / 2;
        for (int t = half; t < n - half; t++) {
            double sum;
            if (period % 2 == 0) {
                sum = 0.5 * x[t - half] + 0.5 * x[t + half];
                for (int i = t - half + 1; i < t + half; i++) sum += x[i];
            } else {
                sum = 0;
                for (int i = t - half; i <= t + half; i++) sum += x[i];
            }
            trend[t] = sum / period;
        }
        double[] indices = new double[period];
        int[] counts = new int[period];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(trend[t])) {
                indices[t % period] += x[t] - trend[t];
                counts[t % period]++;
            }
        }
        double meanIndex = 0;
        for (int i = 0; i < period; i++) {
            indices[i] = counts[i] == 0 ? 0 : indices[i] / counts[i];
            meanIndex += indices[i] / period;
        }
        for (int i = 0; i < period; i++) indices[i] -= meanIndex;
        double[] seasonal = new double[n];
        double[] residual = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = indices[t % period];
            residual[t] = Double.isNaN(trend[t]) ? Double.NaN : x[t] - trend[t] - seasonal[t];
        }
        // Hyndman's strength of seasonality: 1 - Var(R) / Var(S + R), over points with a trend
        double[] r = present(residual);
        double[] sr = new double[r.length];
        int k = 0;
        for (int t = 0; t < n; t++) if (!Double.isNaN(residual[t])) sr[k++] = seasonal[t] + residual[t];
        double varSr = variance(sr);
        double strength = varSr == 0 ? 0 : Math.clamp(1 - variance(r) / varSr, 0, 1);
        return new Decomposition(trend, seasonal, residual, indices, strength);
    }

    /** Robust z-scores, 0.6745·(x − median)/MAD; NaN where x is missing, all 0 when MAD is 0. */
    public static double[] robustZ(double[] series) {
        double[] x = present(series);
        double[] z = new double[series.length];
        double med = median(x);
        double[] deviations = new double[x.length];
        for (int i = 0; i < x.length; i++) deviations[i] = Math.abs(x[i] - med);
        double mad = median(deviations);
        for (int i = 0; i < series.length; i++) {
            z[i] = Double.isNaN(series[i]) ? Double.NaN : mad == 0 ? 0 : 0.6745 * (series[i] - med) / mad;
        }
        return z;
    }

    /** Damped-trend Holt-Winters (additive season when {@code period} > 1 and two periods are there, else Holt). */
    public record Forecast(double[] mean, double[] lower, double[] upper) {
    }

    public static final int MIN_POINTS_FORECAST = 6;

    public static Forecast forecast(double[] series, int period, int horizon) {
        double[] x = present(series);
        if (x.length < MIN_POINTS_FORECAST) return null;
        boolean seasonal = period > 1 && x.length >= 2 * period;
        double bestSse = Double.POSITIVE_INFINITY;
        double[] best = null;
        double[] grid = {0.1, 0.3, 0.5, 0.7, 0.9};
        for (double alpha : grid) {
            for (double beta : new double[] {0.05, 0.1, 0.3}) {
                for (double gamma : seasonal ? new double[] {0.05, 0.1, 0.3} : new double[] {0}) {
                    double[] fit = holtWinters(x, seasonal ? period : 1, alpha, beta, gamma, 0.98, horizon);
                    if (fit[0] < bestSse) {
                        bestSse = fit[0];
                        best = fit;
                    }
                }
            }
        }
        int fitted = x.length - (seasonal ? period : 1);
        double sigma = Math.sqrt(bestSse / Math.max(1, fitted - 1));
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            mean[h] = Math.max(0, best[1 + h]);
            double width = 1.96 * sigma * Math.sqrt(h + 1.0);
            lower[h] = Math.max(0, best[1 + h] - width);
            upper[h] = best[1 + h] + width;
        }
        return new Forecast(mean, lower, upper);
    }

    /** [SSE of one-step errors, forecasts 1..horizon]. */
    private static double[] holtWinters(double[] x, int period, double alpha, double beta, double gamma, double phi, int horizon) {
        double[] season = new double[period];
        double level;
        if (period > 1) {
            level = mean(x, 0, period);
            for (int i = 0; i < period; i++) season[i] = x[i] - level;
        } else {
            level = x[0];
        }
        double trend = period > 1 ? (mean(x, period, 2 * period) - level) / period : x[1] - x[0];
        double sse = 0;
        for (int t = period > 1 ? period : 1; t < x.length; t++) {
            double s = season[t % period];
            double predicted = level + phi * trend + s;
            double error = x[t] - predicted;
            sse += error * error;
            double newLevel = alpha * (x[t] - s) + (1 - alpha) * (level + phi * trend);
            trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
            if (period > 1) season[t % period] = gamma * (x[t] - newLevel) + (1 - gamma) * s;
            level = newLevel;
        }
        double[] out = new double[1 + horizon];
        out[0] = sse;
        double damp = 0;
        for (int h = 1; h <= horizon; h++) {
            damp += Math.pow(phi, h);
            out[h] = level + damp * trend + season[(x.length + h - 1) % period];
        }
        return out;
    }

    static double[] present(double[] series) {
        return Arrays.stream(series).filter(v -> !Double.isNaN(v)).toArray();
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
