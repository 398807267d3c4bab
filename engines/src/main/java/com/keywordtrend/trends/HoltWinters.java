package com.keywordtrend.trends;

/** Damped-trend Holt-Winters forecasts (additive season when {@code period} > 1 and two periods are there, else Holt). */
public final class HoltWinters {
    private HoltWinters() {
    }

    /** The forecast's mean and its 95 % band, per step ahead. */
    public record Forecast(double[] mean, double[] lower, double[] upper) {
    }

    public static final int MIN_POINTS = 6;

    /** A forecast is fitted to the latest this many seasons (at least 60 points): what comes next depends on them. */
    static final int HISTORY_SEASONS = 4;

    public static Forecast forecast(double[] series, int period, int horizon) {
        double[] all = TrendStatistics.present(series);
        if (all.length < MIN_POINTS) return null;
        int history = Math.max(60, HISTORY_SEASONS * Math.max(1, period));
        double[] x = all.length <= history ? all : java.util.Arrays.copyOfRange(all, all.length - history, all.length);
        boolean seasonal = period > 1 && x.length >= 2 * period;
        int m = seasonal ? period : 1;
        double[] gammas = seasonal ? new double[] {0.05, 0.1, 0.3} : new double[] {0};
        Fits fits = Fits.fit(x, m, HOLT_WINTERS_ALPHAS, HOLT_WINTERS_BETAS, gammas, HOLT_WINTERS_PHI);
        int chosen = 0; // the first of the least errors, alpha major, then beta, then gamma
        for (int c = 1; c < fits.sse().length; c++) if (fits.sse()[c] < fits.sse()[chosen]) chosen = c;
        double bestSse = fits.sse()[chosen];
        double[] fit = fits.forecast(chosen, x.length, HOLT_WINTERS_PHI, horizon);
        int fitted = x.length - (seasonal ? period : 1);
        double sigma = Math.sqrt(bestSse / Math.max(1, fitted - 1));
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            mean[h] = Math.max(0, fit[h]);
            double width = 1.96 * sigma * Math.sqrt(h + 1.0);
            lower[h] = Math.max(0, fit[h] - width);
            upper[h] = fit[h] + width;
        }
        return new Forecast(mean, lower, upper);
    }

    private static final double[] HOLT_WINTERS_ALPHAS = {0.1, 0.3, 0.5, 0.7, 0.9};
    private static final double[] HOLT_WINTERS_BETAS = {0.05, 0.1, 0.3};
    private static final double HOLT_WINTERS_PHI = 0.98;

    /**
     * Damped Holt-Winters fits, one per (alpha, beta, gamma), alpha major, then beta: each fit's
     * one-step SSE and its state after the last point ({@code season[p * fits + c]}: fit c's season at
     * phase p). The fits run side by side, so each point's chain of dependent arithmetic overlaps the
     * others' instead of waiting on its own (and the compiler can run them in vector lanes).
     */
    private record Fits(double[] sse, double[] level, double[] trend, double[] season, int period) {
        static Fits fit(double[] x, int period, double[] alphas, double[] betas, double[] gammas, double phi) {
            int fits = alphas.length * betas.length * gammas.length;
            double[] level = new double[fits];
            double[] trend = new double[fits];
            double[] alpha = new double[fits];
            double[] beta = new double[fits];
            double[] gamma = new double[fits];
            double[] season = new double[fits * period];
            double startLevel = period > 1 ? TrendStatistics.mean(x, 0, period) : x[0];
            double startTrend = period > 1 ? (TrendStatistics.mean(x, period, 2 * period) - startLevel) / period : x[1] - x[0];
            for (int c = 0; c < fits; c++) {
                level[c] = startLevel;
                trend[c] = startTrend;
                alpha[c] = alphas[c / (betas.length * gammas.length)];
                beta[c] = betas[c / gammas.length % betas.length];
                gamma[c] = gammas[c % gammas.length];
                if (period > 1) for (int i = 0; i < period; i++) season[i * fits + c] = x[i] - startLevel;
            }
            double[] sse = new double[fits];
            // the phase is t % period, kept as a counter: a division per point was most of this loop's time
            for (int t = period > 1 ? period : 1, phase = 0; t < x.length; t++, phase = phase + 1 == period ? 0 : phase + 1) {
                double xt = x[t];
                int at = phase * fits;
                for (int c = 0; c < fits; c++) {
                    double s = season[at + c];
                    double predicted = level[c] + phi * trend[c] + s;
                    double error = xt - predicted;
                    sse[c] += error * error;
                    double newLevel = alpha[c] * (xt - s) + (1 - alpha[c]) * (level[c] + phi * trend[c]);
                    trend[c] = beta[c] * (newLevel - level[c]) + (1 - beta[c]) * phi * trend[c];
                    season[at + c] = gamma[c] * (xt - newLevel) + (1 - gamma[c]) * s;
                    level[c] = newLevel;
                }
            }
            return new Fits(sse, level, trend, season, period);
        }

        /** Fit c's forecasts 1..horizon after {@code points} points, its trend damped by phi. */
        double[] forecast(int c, int points, double phi, int horizon) {
            int fits = sse.length;
            double[] out = new double[horizon];
            double damp = 0;
            for (int h = 1; h <= horizon; h++) {
                damp += Math.pow(phi, h);
                out[h - 1] = level[c] + damp * trend[c] + season[(points + h - 1) % period * fits + c];
            }
            return out;
        }
    }
}
