package com.keywordtrend.trends;

import java.util.Arrays;

/**
 * STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland, McRae and Terpenning
 * (1990), with its robustness iterations: points far from the fit (a news spike, a panic week) get
 * bisquare weights near 0, so that one event neither bends the trend nor becomes the season.
 * Windows as the paper recommends: seasonal 7 (odd), trend the smallest odd ≥ 1.5·p/(1 − 1.5/ns),
 * low-pass the smallest odd ≥ p; the seasonal loess of degree 0 (R's default: a line through each
 * phase's two or three values of a short series would fit its noise), the others of degree 1,
 * evaluated every fifth of a window and interpolated between (the paper's "jump").
 */
public final class Stl {
    /** The decomposition: x = trend + seasonal + residual; weights are the final robustness weights (1 = trusted). */
    public record Decomposition(double[] trend, double[] seasonal, double[] residual, double[] weights, int period) {
        /** Hyndman's strength of seasonality, 1 − Var(R)/Var(S + R), over the trusted points. */
        public double strength() {
            double[] r = new double[residual.length];
            double[] sr = new double[residual.length];
            int k = 0;
            for (int i = 0; i < residual.length; i++) {
                if (weights[i] < 0.5) continue;
                r[k] = residual[i];
                sr[k++] = seasonal[i] + residual[i];
            }
            double varSr = TrendStatistics.variance(Arrays.copyOf(sr, k));
            return varSr == 0 ? 0 : Math.clamp(1 - TrendStatistics.variance(Arrays.copyOf(r, k)) / varSr, 0, 1);
        }

        /** The seasonal component's mean by phase (phase 0 = the series' first point). */
        public double[] profile() {
            double[] sum = new double[period];
            int[] count = new int[period];
            for (int i = 0; i < seasonal.length; i++) {
                sum[i % period] += seasonal[i];
                count[i % period]++;
            }
            for (int p = 0; p < period; p++) sum[p] /= Math.max(1, count[p]);
            return sum;
        }
    }

    static final int SEASONAL_WINDOW = 7;
    /** Two inner loops per pass (one leaves the trend and season still entangled), two robustness passes after the first. */
    static final int INNER = 2;
    static final int ROBUST_PASSES = 2;

    private Stl() {
    }

    /** Null below two full periods; missing points are filled in linearly first. */
    public static Decomposition decompose(double[] series, int period) {
        int n = series.length;
        if (period < 2 || n < 2 * period) return null;
        double[] y = filled(series);
        if (y == null) return null;
        int ns = SEASONAL_WINDOW;
        int nl = odd(period);
        int nt = odd((int) Math.ceil(1.5 * period / (1 - 1.5 / ns)));
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] weights = new double[n];
        Arrays.fill(weights, 1);
        double[] work = new double[n];
        double[] cycle = new double[n + 2 * period];
        for (int pass = 0; pass <= ROBUST_PASSES; pass++) {
            for (int inner = 0; inner < INNER; inner++) {
                for (int i = 0; i < n; i++) work[i] = y[i] - trend[i];
                smoothCycleSubseries(work, weights, period, ns, cycle);
                double[] low = lowPass(cycle, period, nl);
                for (int i = 0; i < n; i++) seasonal[i] = cycle[period + i] - low[i];
                for (int i = 0; i < n; i++) work[i] = y[i] - seasonal[i];
                loess(work, weights, n, nt, jump(nt), trend);
            }
            if (pass == ROBUST_PASSES) break;
            // robustness passes are for outliers: with none (no point near a weight of 0) or once the
            // weights have settled (moving by less than 0.05), another pass changes nothing visible
            double change = robustnessWeights(y, trend, seasonal, weights);
            double lightest = 1;
            for (double w : weights) lightest = Math.min(lightest, w);
            if (change < 0.05 || lightest >= 0.1) break;
        }
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = y[i] - trend[i] - seasonal[i];
        return new Decomposition(trend, seasonal, residual, weights, period);
    }

    /** Bisquare weights of |R| / (6 · median |R|); returns the largest change of a weight. */
    private static double robustnessWeights(double[] y, double[] trend, double[] seasonal, double[] weights) {
        int n = y.length;
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) abs[i] = Math.abs(y[i] - trend[i] - seasonal[i]);
        double h = 6 * TrendStatistics.median(abs);
        double change = 0;
        for (int i = 0; i < n; i++) {
            double u = h == 0 ? (abs[i] == 0 ? 0 : 1) : abs[i] / h;
            double weight = u >= 1 ? 0 : (1 - u * u) * (1 - u * u);
            change = Math.max(change, Math.abs(weight - weights[i]));
            weights[i] = weight;
        }
        return change;
    }

    /** Each phase's sub-series smoothed by loess and carried one cycle beyond each end: out has n + 2·period values. */
    private static void smoothCycleSubseries(double[] x, double[] weights, int period, int window, double[] out) {
        int n = x.length;
        int longest = (n + period - 1) / period;
        double[] sub = new double[longest];
        double[] subWeights = new double[longest];
        double[] smooth = new double[longest + 2];
        double[] tricube = tricube(window); // the interior points' weights, the same for every phase
        int half = window / 2;
        for (int phase = 0; phase < period; phase++) {
            int m = 0;
            for (int i = phase; i < n; i += period) {
                sub[m] = x[i];
                subWeights[m++] = weights[i];
            }
            // positions −1 .. m: the fit at every point and one beyond each end
            for (int k = -1; k <= m; k++) {
                smooth[k + 1] = window % 2 == 1 && k - half >= 0 && k + half < m
                        ? interiorMean(sub, subWeights, k, tricube) : loessAt(sub, subWeights, m, window, k, 0);
            }
            for (int k = 0; k < m + 2; k++) {
                int index = phase + k * period; // cycle[] starts one period before the series
                if (index < out.length) out[index] = smooth[k];
            }
        }
    }

    /** The low-pass filter of the cycle-subseries: moving averages of p, p and 3, then loess of nl; n values. */
    private static double[] lowPass(double[] cycle, int period, int nl) {
        double[] a = movingAverage(cycle, period);
        double[] b = movingAverage(a, period);
        double[] c = movingAverage(b, 3);
        int n = c.length;
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] out = new double[n];
        loess(c, ones, n, nl, jump(nl), out);
        return out;
    }

    private static double[] movingAverage(double[] x, int length) {
        double[] out = new double[x.length - length + 1];
        double sum = 0;
        for (int i = 0; i < length; i++) sum += x[i];
        out[0] = sum / length;
        for (int i = length; i < x.length; i++) {
            sum += x[i] - x[i - length];
            out[i - length + 1] = sum / length;
        }
        return out;
    }

    /** Loess at every {@code jump}-th point of x[0..n) (and the last), linear in between. */
    private static void loess(double[] x, double[] weights, int n, int window, int jump, double[] out) {
        int q = Math.min(window, n);
        // inside the series every window has the same distances: their tricube weights are computed once
        int interiorHalf = q / 2;
        double[] tricube = window <= n && q % 2 == 1 ? tricube(q) : null;
        int last = -1;
        for (int i = 0; i < n; i += jump) {
            out[i] = tricube != null && i - interiorHalf >= 0 && i + interiorHalf < n
                    ? interiorFit(x, weights, i, tricube) : loessAt(x, weights, n, window, i, 1);
            if (last >= 0) interpolate(out, last, i);
            last = i;
        }
        if (last != n - 1) {
            out[n - 1] = loessAt(x, weights, n, window, n - 1, 1);
            interpolate(out, last, n - 1);
        }
    }

    /** The tricube weights of an odd window's points by their distance from its middle (as {@link #loessAt} weighs them inside the series). */
    private static double[] tricube(int window) {
        double[] weights = new double[window];
        int half = window / 2;
        double h = Math.max(half, 1e-9);
        for (int d = 0; d < window; d++) {
            double u = Math.abs(d - half) / h;
            double t = u >= 1 ? 0 : 1 - u * u * u;
            weights[d] = t * t * t;
        }
        return weights;
    }

    /** {@link #loessAt} of degree 0 at an interior point: the weighted mean. */
    private static double interiorMean(double[] x, double[] weights, int at, double[] tricube) {
        int left = at - tricube.length / 2;
        double sw = 0;
        double sy = 0;
        for (int d = 0; d < tricube.length; d++) {
            double w = tricube[d] * weights[left + d];
            sw += w;
            sy += w * x[left + d];
        }
        return sw <= 0 ? x[at] : sy / sw;
    }

    /** {@link #loessAt} of degree 1 at an interior point, with the window's tricube weights given. */
    private static double interiorFit(double[] x, double[] weights, int at, double[] tricube) {
        int left = at - tricube.length / 2;
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int d = 0; d < tricube.length; d++) {
            int j = left + d;
            double w = tricube[d] * weights[j];
            double offset = d - tricube.length / 2; // positions relative to the point: no large squares
            sw += w;
            sx += w * offset;
            sy += w * x[j];
            sxx += w * offset * offset;
            sxy += w * offset * x[j];
        }
        if (sw <= 0) return x[at];
        return lineAt(sw, sx, sy, sxx, sxy, 0, tricube.length - 1, 1);
    }

    private static void interpolate(double[] out, int from, int to) {
        for (int k = from + 1; k < to; k++) out[k] = out[from] + (out[to] - out[from]) * (k - from) / (to - from);
    }

    /**
     * The local linear fit at position {@code at} (may lie outside 0..n−1) from the {@code window}
     * nearest points, tricube-weighted by distance and multiplied by the robustness weights; the
     * weighted mean when the points cannot carry a line, the nearest value when all weights are 0.
     */
    static double loessAt(double[] x, double[] weights, int n, int window, int at, int degree) {
        int q = Math.min(window, n);
        int left = Math.clamp(at - q / 2, 0, n - q);
        int right = left + q - 1;
        double h = Math.max(at - left, right - at);
        if (window > n) h += (window - n) / 2.0;
        h = Math.max(h, 1e-9);
        double inverse = 1 / h;
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int j = left; j <= right; j++) {
            double u = Math.abs(j - at) * inverse;
            if (u >= 1) continue;
            double t = 1 - u * u * u;
            double w = t * t * t * weights[j];
            sw += w;
            sx += w * j;
            sy += w * x[j];
            sxx += w * j * j;
            sxy += w * j * x[j];
        }
        if (sw <= 0) return x[Math.clamp(at, 0, n - 1)];
        return lineAt(sw, sx, sy, sxx, sxy, at, right - left, degree);
    }

    /**
     * The weighted least-squares fit at {@code at} from its weighted sums: degree 1 where the points
     * are spread enough over their {@code span} to carry a line (the paper's test), else their mean.
     */
    private static double lineAt(double sw, double sx, double sy, double sxx, double sxy, double at, int span, int degree) {
        double meanX = sx / sw;
        double meanY = sy / sw;
        double spread = sxx / sw - meanX * meanX;
        if (degree == 0 || spread <= 1e-3 * ((double) span * span + 1)) return meanY;
        double slope = (sxy / sw - meanX * meanY) / spread;
        return meanY + slope * (at - meanX);
    }

    private static int odd(int value) {
        return value % 2 == 0 ? value + 1 : value;
    }

    /** Loess is evaluated every fifth of a window (the paper suggests a tenth; the curves are smooth at either). */
    private static int jump(int window) {
        return Math.max(1, (int) Math.ceil(window / 5.0));
    }

    /** Missing points filled in linearly (the ends by the nearest value); null when nothing is present. */
    static double[] filled(double[] series) {
        int n = series.length;
        double[] out = series.clone();
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(series[i])) continue;
            if (previous < 0) {
                for (int k = 0; k < i; k++) out[k] = series[i];
            } else if (i - previous > 1) {
                for (int k = previous + 1; k < i; k++) {
                    out[k] = series[previous] + (series[i] - series[previous]) * (k - previous) / (i - previous);
                }
            }
            previous = i;
        }
        if (previous < 0) return null;
        for (int k = previous + 1; k < n; k++) out[k] = series[previous];
        return out;
    }
}
