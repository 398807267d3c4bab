package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The autocorrelation-corrected trend tests: their arithmetic against a reference implementation's
 * published figures, and their false alarms and power on simulated series (docs/insights.md).
 *
 * <p>Reference figures: pymannkendall (Hussain and Mahmud 2019), its example notebook
 * (Examples/Example_pyMannKendall.ipynb) on the shampoo sales series (Makridakis, Wheelwright and
 * Hyndman 1998) and the airline passengers series (Box and Jenkins 1976); the series are in
 * src/test/resources/reference-series with their provenance.
 */
class ModifiedMannKendallTest {

    static double[] series(String name) throws IOException {
        try (InputStream in = ModifiedMannKendallTest.class.getResourceAsStream("/reference-series/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .mapToDouble(Double::parseDouble).toArray();
        }
    }

    @Test
    void hamed_rao_reproduces_pymannkendalls_published_figures_on_shampoo_sales() throws IOException {
        ModifiedMannKendall.Result result = ModifiedMannKendall.hamedRao(series("shampoo-sales.txt"), 0);
        assertEquals(440, result.s());
        assertEquals(7322.011164105283, result.variance(), 1e-8);
        assertEquals(5.130377554630905, result.z(), 1e-12);
        // pymannkendall computes 2·(1 − Φ(z)), which loses the last digits to cancellation; the tail itself agrees to 1e-9
        assertEquals(2.8916160532688195e-07, result.pValue(), 2.9e-07 * 1e-9);
    }

    @Test
    void yue_wang_reproduces_pymannkendalls_published_figures_on_shampoo_sales() throws IOException {
        ModifiedMannKendall.Result result = ModifiedMannKendall.yueWang(series("shampoo-sales.txt"), 0);
        assertEquals(3688.5591437515127, result.variance(), 1e-8);
        assertEquals(7.228299591844883, result.z(), 1e-12);
    }

    @Test
    void seasonal_kendall_reproduces_pymannkendalls_published_figures_on_air_passengers() throws IOException {
        double[] passengers = series("air-passengers.txt");
        MannKendall plain = MannKendall.seasonal(passengers, 12);
        assertEquals(784, plain.s());
        assertEquals(2550, plain.variance(), 1e-9);
        assertEquals(15.50571052301472, plain.z(), 1e-12);
        // Hirsch-Slack: pymannkendall's correlated_seasonal_test gives var_s 30472 (no continuity correction: z 4.4912)
        ModifiedMannKendall.Result corrected = ModifiedMannKendall.correlatedSeasonal(passengers, 12);
        assertEquals(784, corrected.s());
        assertEquals(30472, corrected.variance(), 1e-6);
        assertEquals(783 / Math.sqrt(30472), corrected.z(), 1e-12);
        assertTrue(corrected.nEffective() < corrected.n(), "months of one year move together: fewer independent points");
    }

    @Test
    void student_t_and_chi_square_tails_match_their_tables() {
        assertEquals(0.0734, ModifiedMannKendall.studentTwoSided(2.0, 10), 1e-4);
        assertEquals(0.05, ModifiedMannKendall.studentTwoSided(2.228138852, 10), 1e-9);
        assertEquals(0.05, Seasonality.chiSquareUpperTail(3.841458821, 1), 1e-9);
        assertEquals(0.01, Seasonality.chiSquareUpperTail(24.72497031, 11), 1e-9);
        assertEquals(2 * NormalDistribution.upperTail(1.96), ModifiedMannKendall.studentTwoSided(1.96, 1e7), 1e-6);
    }

    /** AR(1) with unit innovations after a burn-in of 300 points, plus {@code slope}·t. */
    static double[] ar1(SplittableRandom random, double phi, int n, double slope) {
        double[] x = new double[n];
        double value = 0;
        for (int t = -300; t < n; t++) {
            value = phi * value + gaussian(random);
            if (t >= 0) x[t] = value + slope * t;
        }
        return x;
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** [share significant at 5 % by our test, by the plain test, by Hamed-Rao's significant lags alone]. */
    static double[] rejections(double phi, double slope, int runs, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int ours = 0;
        int plain = 0;
        int hamedRao = 0;
        for (int run = 0; run < runs; run++) {
            double[] x = ar1(random, phi, n, slope);
            if (ModifiedMannKendall.test(x, 0.05).significant(0.05)) ours++;
            if (MannKendall.of(x).pValue() < 0.05) plain++;
            if (ModifiedMannKendall.hamedRao(x, 0).pValue() < 0.05) hamedRao++;
        }
        return new double[] {ours / (double) runs, plain / (double) runs, hamedRao / (double) runs};
    }

    @Test
    void autocorrelated_series_without_a_trend_are_rarely_called_significant() {
        double[] shares = rejections(0.8, 0, 1000, 150, 18);
        System.out.printf(Locale.ROOT, "AR(1) phi 0.8, 1000 x 150 points, no trend: significant at 5 %%: ours %.1f %%, plain %.1f %%,"
                + " Hamed-Rao significant lags %.1f %%%n", 100 * shares[0], 100 * shares[1], 100 * shares[2]);
        assertTrue(shares[0] <= 0.07, "ours: " + shares[0]);
        assertTrue(shares[1] >= 0.3, "the plain test is fooled by autocorrelation: " + shares[1]);
    }

    @Test
    void the_false_alarm_rate_is_reported_for_more_persistent_series() {
        for (double phi : new double[] {0.5, 0.9, 0.95}) {
            double[] shares = rejections(phi, 0, 400, 150, 21);
            System.out.printf(Locale.ROOT, "AR(1) phi %.2f, 400 x 150 points, no trend: ours %.1f %%, plain %.1f %%%n", phi, 100 * shares[0], 100 * shares[1]);
            if (phi <= 0.9) assertTrue(shares[0] <= 0.07, "phi " + phi + ": " + shares[0]);
        }
    }

    @Test
    void independent_series_keep_the_nominal_false_alarm_rate() {
        double[] shares = rejections(0, 0, 1000, 150, 19);
        assertTrue(shares[0] <= 0.07 && shares[0] >= 0.02, "ours: " + shares[0]);
    }

    @Test
    void a_true_linear_trend_is_found_and_its_power_reported() {
        StringBuilder report = new StringBuilder("power at 5 % (150 points, AR(1) phi 0.8, innovations sd 1):");
        for (double slope : new double[] {0.01, 0.02, 0.04, 0.08}) {
            double[] shares = rejections(0.8, slope, 400, 150, 20);
            report.append(String.format(Locale.ROOT, " slope %.2f/pt: ours %.0f %%, plain %.0f %%;", slope, 100 * shares[0], 100 * shares[1]));
            if (slope >= 0.08) assertTrue(shares[0] >= 0.95, "a trend of 12 over 150 points against a noise sd of 1.7 is found: " + shares[0]);
        }
        System.out.println(report);
    }
}
