package com.keywordtrend.trends;

import java.util.Arrays;

/**
 * Mann-Kendall tests that survive autocorrelation. Weekly search interest is strongly
 * autocorrelated (lag-1 0.7–0.97), and the plain test, which assumes independent points, calls a
 * random wander a significant trend about half the time (docs/insights.md, the simulation).
 *
 * <ul>
 * <li>{@link #test}: the one the insights use. Hamed and Rao's (1998) variance correction,
 *     n/n* = 1 + 2/(n(n−1)(n−2)) Σ (n−k)(n−k−1)(n−k−2) ρ_k, over the ranks of the series detrended
 *     by Sen's slope, with ρ_k the larger of (a) Hamed and Rao's significant lags and (b) an AR(1)
 *     model of the ranks, ρ_k = ρ^k, whose lag-1 estimate is corrected for its downward bias in a
 *     short detrended series (ρ + (2 + 4ρ)/n). The variance being estimated from n* effective points,
 *     z is referred to Student's t with n* − 2 degrees of freedom. Both additions are what brings the
 *     false alarms on AR(1) series with φ = 0.8 down to the nominal 5 %: Hamed and Rao's significant
 *     lags alone leave about 25 % (their sample autocorrelations are biased low).</li>
 * <li>{@link #hamedRao} and {@link #yueWang}: the published corrections as pymannkendall computes
 *     them, kept to cross-check the arithmetic against its documented figures.</li>
 * <li>{@link #correlatedSeasonal}: Hirsch and Slack's (1984) seasonal Kendall test, whose variance
 *     carries the covariance between seasons (a wet March makes a wet April).</li>
 * </ul>
 */
public final class ModifiedMannKendall {
    private ModifiedMannKendall() {
    }

    /**
     * A trend test's outcome.
     *
     * @param n          points tested
     * @param nEffective the independent points the series is worth (n when no correction applies)
     * @param pPlain     the plain Mann-Kendall p-value, for comparison
     */
    public record Result(String method, double s, double variance, double z, double pValue, int n, double nEffective,
                         double pPlain) {
        public String direction(double alpha) {
            if (pValue >= alpha || s == 0) return "flat";
            return s > 0 ? "rising" : "falling";
        }

        public boolean significant(double alpha) {
            return pValue < alpha && s != 0;
        }
    }

    /** The standard normal's 97.5 % point: lags whose autocorrelation lies beyond ±Z_975/√n are significant at 5 %. */
    private static final double Z_975 = 1.959963984540054;

    public static final String METHOD = "Mann-Kendall, Hamed-Rao variance correction (AR(1) ranks, bias-corrected; t on effective n)";
    public static final String SEASONAL_METHOD = "seasonal Kendall, Hirsch-Slack covariance correction";

    /** The test the insights use (see the class comment); null below 4 points. */
    public static Result test(double[] series, double alpha) {
        return test(series, alpha, SenSlope.of(series));
    }

    /** {@link #test(double[], double)} with the series' Sen slope already computed (it is the costliest part). */
    public static Result test(double[] series, double alpha, double senSlope) {
        double[] x = TrendStatistics.present(series);
        int n = x.length;
        if (n < MannKendall.MIN_POINTS) return null;
        MannKendall plain = MannKendall.of(x);
        double[] ranks = detrendedRanks(x, senSlope);
        double[] rho = autocorrelation(ranks, n - 1);
        double significantLags = varianceRatio(rho, n, Z_975 / Math.sqrt(n));
        double lag1 = Math.clamp(rho.length > 1 ? rho[1] + (2 + 4 * rho[1]) / n : 0, 0, 0.99);
        double ar1 = ar1VarianceRatio(lag1, n);
        double ratio = Math.max(1, Math.max(significantLags, ar1));
        double variance = plain.variance() * ratio;
        double z = zScore(plain.s(), variance);
        double nEffective = n / ratio;
        double p = ratio == 1 ? plain.pValue() : studentTwoSided(Math.abs(z), Math.max(1, nEffective - 2));
        return new Result(METHOD, plain.s(), variance, z, Math.clamp(p, 0, 1), n, nEffective, plain.pValue());
    }

    /** Hamed and Rao (1998) as pymannkendall's hamed_rao_modification_test computes it (all lags, or the first {@code lags}). */
    public static Result hamedRao(double[] series, int lags) {
        double[] x = TrendStatistics.present(series);
        int n = x.length;
        MannKendall plain = MannKendall.of(x);
        double[] rho = autocorrelation(detrendedRanks(x), lags <= 0 ? n - 1 : lags);
        // pymannkendall takes |Σ| (lags n − 2 and n − 1 add nothing: their weights are 0)
        double ratio = 1 + Math.abs(varianceRatio(rho, n, Z_975 / Math.sqrt(n)) - 1);
        double variance = plain.variance() * ratio;
        double z = zScore(plain.s(), variance);
        return new Result("Hamed-Rao", plain.s(), variance, z, 2 * NormalDistribution.upperTail(Math.abs(z)), n, n / ratio,
                plain.pValue());
    }

    /** Yue and Wang (2004) as pymannkendall's yue_wang_modification_test computes it: the detrended values' autocorrelation, all lags or the first {@code lags}. */
    public static Result yueWang(double[] series, int lags) {
        double[] x = TrendStatistics.present(series);
        int n = x.length;
        MannKendall plain = MannKendall.of(x);
        double slope = SenSlope.of(x);
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) detrended[i] = x[i] - slope * (i + 1);
        double[] rho = autocorrelation(detrended, lags <= 0 ? n - 1 : lags);
        double sum = 0;
        for (int k = 1; k < rho.length; k++) sum += (1 - (double) k / n) * rho[k];
        double ratio = 1 + 2 * sum;
        double variance = plain.variance() * ratio;
        double z = zScore(plain.s(), variance);
        return new Result("Yue-Wang", plain.s(), variance, z, 2 * NormalDistribution.upperTail(Math.abs(z)), n, n / ratio,
                plain.pValue());
    }

    /**
     * Hirsch and Slack's (1984) seasonal Kendall test: S summed over the seasons' own sub-series, its
     * variance the sum of the seasons' variances and of the covariances between each pair of seasons
     * (from the concordance of their year-to-year changes and their ranks). Years are the cycles
     * from the first point; a missing point leaves its season out of that year. Null below 2 years.
     */
    public static Result correlatedSeasonal(double[] series, int period) {
        int years = series.length / period + (series.length % period == 0 ? 0 : 1);
        if (years < 2) return null;
        MannKendall plain = MannKendall.seasonal(series, period);
        if (plain == null) return null;
        double[][] byYear = new double[period][years]; // [season][year], NaN where missing
        for (double[] row : byYear) Arrays.fill(row, Double.NaN);
        for (int i = 0; i < series.length; i++) byYear[i % period][i / period] = series[i];
        double[][] ranks = new double[period][];
        for (int g = 0; g < period; g++) {
            if (TrendStatistics.present(byYear[g]).length >= 2) ranks[g] = ranksWithMissing(byYear[g]);
        }
        double variance = plain.variance();
        for (int g = 0; g < period; g++) {
            for (int h = g + 1; h < period; h++) {
                if (ranks[g] == null || ranks[h] == null) continue;
                variance += 2 * seasonCovariance(byYear[g], byYear[h], ranks[g], ranks[h], years);
            }
        }
        double z = zScore(plain.s(), variance);
        double p = variance <= 0 ? 1 : 2 * NormalDistribution.upperTail(Math.abs(z));
        double ratio = plain.variance() <= 0 ? 1 : Math.max(variance / plain.variance(), 1e-9);
        return new Result(SEASONAL_METHOD, plain.s(), variance, z, Math.clamp(p, 0, 1), plain.n(), plain.n() / ratio, plain.pValue());
    }

    /** Hirsch and Slack's covariance of two seasons' S: (K + 4 Σ R_g R_h − n(n+1)²)/3, missing ranks at (n+1)/2. */
    private static double seasonCovariance(double[] g, double[] h, double[] rankG, double[] rankH, int years) {
        double k = 0;
        for (int i = 0; i < years; i++) {
            for (int j = i + 1; j < years; j++) {
                if (Double.isNaN(g[i]) || Double.isNaN(g[j]) || Double.isNaN(h[i]) || Double.isNaN(h[j])) continue;
                k += Math.signum((g[j] - g[i]) * (h[j] - h[i]));
            }
        }
        double products = 0;
        for (int i = 0; i < years; i++) products += rankG[i] * rankH[i];
        return (k + 4 * products - years * (years + 1.0) * (years + 1.0)) / 3;
    }

    /** Average ranks 1..m of the present values; a missing value takes the middle rank (m + 1)/2 over all n years. */
    private static double[] ranksWithMissing(double[] values) {
        int n = values.length;
        double[] present = TrendStatistics.present(values);
        double[] presentRanks = ranks(present);
        double[] out = new double[n];
        double middle = (present.length + 1) / 2.0;
        for (int i = 0, k = 0; i < n; i++) out[i] = Double.isNaN(values[i]) ? middle : presentRanks[k++];
        return out;
    }

    /** Continuity-corrected z. */
    static double zScore(double s, double variance) {
        if (variance <= 0 || s == 0) return 0;
        return (s - Math.signum(s)) / Math.sqrt(variance);
    }

    /** Ranks of the series less Sen's slope times position (ties averaged). */
    static double[] detrendedRanks(double[] x) {
        return detrendedRanks(x, SenSlope.of(x));
    }

    private static double[] detrendedRanks(double[] x, double slope) {
        double[] detrended = new double[x.length];
        for (int i = 0; i < x.length; i++) detrended[i] = x[i] - (Double.isNaN(slope) ? 0 : slope * i);
        return ranks(detrended);
    }

    /** Average ranks, 1-based: the positions sorted by value (a primitive sort of values and positions together), ties averaged. */
    static double[] ranks(double[] x) {
        int n = x.length;
        double[] values = x.clone();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        sortTogether(values, order, 0, n - 1);
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[j + 1] == values[i]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    /** Quicksort of values[from..to] carrying order[] along (insertion sort below 16). */
    private static void sortTogether(double[] values, int[] order, int from, int to) {
        while (to - from >= 16) {
            double pivot = values[(from + to) >>> 1];
            int i = from;
            int j = to;
            while (i <= j) {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) {
                    double v = values[i];
                    values[i] = values[j];
                    values[j] = v;
                    int o = order[i];
                    order[i++] = order[j];
                    order[j--] = o;
                }
            }
            // the smaller side by recursion, the larger by the loop: the stack stays O(log n)
            if (j - from < to - i) {
                sortTogether(values, order, from, j);
                from = i;
            } else {
                sortTogether(values, order, i, to);
                to = j;
            }
        }
        for (int i = from + 1; i <= to; i++) {
            double v = values[i];
            int o = order[i];
            int j = i - 1;
            while (j >= from && values[j] > v) {
                values[j + 1] = values[j];
                order[j + 1] = order[j];
                j--;
            }
            values[j + 1] = v;
            order[j + 1] = o;
        }
    }

    /**
     * Sample autocorrelation at lags 0..maxLag (the biased estimator, as statsmodels and pymannkendall
     * compute it), through the power spectrum (FFT of the centred series padded to twice its length):
     * O(n log n) for every lag, where the direct sums cost n per lag.
     */
    static double[] autocorrelation(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1) - 1) << 1;
        if (size < 2 * n) size <<= 1;
        double[] re = new double[size];
        double[] im = new double[size];
        for (int i = 0; i < n; i++) re[i] = x[i] - mean;
        fft(re, im, false);
        for (int i = 0; i < size; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        fft(re, im, true);
        double[] rho = new double[Math.min(maxLag, n - 1) + 1];
        double c0 = re[0];
        if (c0 <= 1e-12 * n) {
            rho[0] = 1;
            return rho;
        }
        for (int k = 0; k < rho.length; k++) rho[k] = re[k] / c0;
        return rho;
    }

    /** cos and sin of 2πk/size for k below size/2: the twiddle factors of the largest FFT so far (smaller ones stride through them). */
    private record Twiddles(int size, double[] cos, double[] sin) {
        static Twiddles of(int size) {
            double[] cos = new double[size / 2];
            double[] sin = new double[size / 2];
            for (int k = 0; k < size / 2; k++) {
                cos[k] = Math.cos(2 * Math.PI * k / size);
                sin[k] = Math.sin(2 * Math.PI * k / size);
            }
            return new Twiddles(size, cos, sin);
        }
    }

    private static volatile Twiddles twiddles = Twiddles.of(1024);

    /**
     * In-place radix-2 FFT (size a power of two); the inverse is scaled by 1/size. The twiddle factors
     * come from a table, each computed directly: a recurrence would chain every butterfly on the one
     * before (and gather rounding as it goes).
     */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        Twiddles table = twiddles;
        if (table.size() < n) twiddles = table = Twiddles.of(n);
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        double[] cos = table.cos();
        double[] sin = table.sin();
        for (int length = 2; length <= n; length <<= 1) {
            int half = length / 2;
            int stride = table.size() / length;
            for (int i = 0; i < n; i += length) {
                for (int j = 0; j < half; j++) {
                    double uRe = cos[j * stride];
                    double uIm = sign * sin[j * stride];
                    int a = i + j;
                    int b = a + half;
                    double vRe = re[b] * uRe - im[b] * uIm;
                    double vIm = re[b] * uIm + im[b] * uRe;
                    re[b] = re[a] - vRe;
                    im[b] = im[a] - vIm;
                    re[a] += vRe;
                    im[a] += vIm;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    /** Hamed and Rao's n/n* over the lags whose autocorrelation lies outside ±{@code interval}. */
    private static double varianceRatio(double[] rho, int n, double interval) {
        double sum = 0;
        for (int k = 1; k < rho.length && k <= n - 3; k++) {
            if (Math.abs(rho[k]) > interval) sum += (n - k) * (n - k - 1.0) * (n - k - 2.0) * rho[k];
        }
        return 1 + 2 / (n * (n - 1.0) * (n - 2.0)) * sum;
    }

    /** Hamed and Rao's n/n* when ρ_k = ρ^k (an AR(1) model), summed until the terms vanish. */
    static double ar1VarianceRatio(double rho, int n) {
        if (rho <= 0) return 1;
        double sum = 0;
        double power = 1;
        for (int k = 1; k <= n - 3; k++) {
            power *= rho;
            if (power < 1e-12) break;
            sum += (n - k) * (n - k - 1.0) * (n - k - 2.0) * power;
        }
        return 1 + 2 / (n * (n - 1.0) * (n - 2.0)) * sum;
    }

    /** P(|T| &gt; t) for Student's t with {@code df} (not necessarily whole) degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    static double studentTwoSided(double t, double df) {
        if (t == 0) return 1;
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x > (a + 1) / (a + b + 2)) return 1 - front * betaFraction(1 - x, b, a) / b;
        return front * betaFraction(x, a, b) / a;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + even / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + odd / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return h;
    }

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
