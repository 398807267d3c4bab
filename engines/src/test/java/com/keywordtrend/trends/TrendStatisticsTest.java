package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Worked examples computed by hand, edge cases, and synthetic series with known properties. */
class TrendStatisticsTest {
    static final double NaN = Double.NaN;

    @Test
    void mann_kendall_of_a_strictly_rising_series_matches_the_hand_computation() {
        // n = 5: S = 10 (all 10 pairs rise); Var = 5·4·15/18 = 16.667; Z = (10 − 1)/√16.667 = 2.2045; p = 0.0275
        MannKendall mk = MannKendall.of(new double[] {1, 2, 3, 4, 5});
        assertEquals(10, mk.s());
        assertEquals(16.6667, mk.variance(), 1e-4);
        assertEquals(2.2045, mk.z(), 1e-4);
        assertEquals(0.0275, mk.pValue(), 1e-4);
        assertEquals("rising", mk.direction(0.05));
    }

    @Test
    void mann_kendall_corrects_the_variance_for_ties() {
        // 1,2,2,3: S = 5; one tie group of 2 → Σ t(t−1)(2t+5) = 18; Var = (4·3·13 − 18)/18 = 7.6667;
        // Z = (5 − 1)/√7.6667 = 1.4446; p = 0.1486
        MannKendall mk = MannKendall.of(new double[] {1, 2, 2, 3});
        assertEquals(5, mk.s());
        assertEquals(7.6667, mk.variance(), 1e-4);
        assertEquals(1.4446, mk.z(), 1e-4);
        assertEquals(0.1486, mk.pValue(), 1e-3);
        assertEquals("flat", mk.direction(0.05));
    }

    @Test
    void mann_kendall_of_a_falling_series_with_a_gap() {
        // 9,7,NaN,4,2 → present 9,7,4,2: S = −6; Var = 4·3·13/18 = 8.6667; Z = (−6 + 1)/√8.6667 = −1.6984
        MannKendall mk = MannKendall.of(new double[] {9, 7, NaN, 4, 2});
        assertEquals(-6, mk.s());
        assertEquals(-1.6984, mk.z(), 1e-4);
        assertEquals(4, mk.n());
    }

    @Test
    void sen_slope_is_the_median_of_pairwise_slopes() {
        // 1,3,2,5: slopes 2, 0.5, 4/3, −1, 1, 3 → sorted −1, 0.5, 1, 4/3, 2, 3 → median (1 + 4/3)/2 = 1.1667
        assertEquals(7.0 / 6, SenSlope.of(new double[] {1, 3, 2, 5}), 1e-9);
        // a gap keeps each pair's true distance: 0, NaN, 4 → slope 2
        assertEquals(2.0, SenSlope.of(new double[] {0, NaN, 4}), 1e-9);
    }

    @Test
    void sen_slope_agrees_with_the_median_of_all_pairwise_slopes() {
        Random random = new Random(5);
        for (int n = 2; n < 120; n++) {
            double[] series = new double[n];
            for (int i = 0; i < n; i++) {
                series[i] = random.nextInt(10) == 0 ? NaN : random.nextInt(40) + (random.nextBoolean() ? 0.5 : 0) + 0.3 * i;
            }
            java.util.List<Double> slopes = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (!Double.isNaN(series[i]) && !Double.isNaN(series[j])) slopes.add((series[j] - series[i]) / (j - i));
                }
            }
            double expected = TrendStatistics.median(slopes.stream().mapToDouble(Double::doubleValue).toArray());
            assertEquals(expected, SenSlope.of(series), 1e-9, "n=" + n);
        }
    }

    @Test
    void sen_slope_is_exact_on_long_series_with_many_ties_where_it_samples_brackets() {
        Random random = new Random(11);
        for (int n : new int[] {350, 500, 801, 1200, 2000}) {
            for (int variant = 0; variant < 3; variant++) {
                double[] series = new double[n];
                for (int i = 0; i < n; i++) {
                    series[i] = switch (variant) {
                        case 0 -> random.nextInt(5);                         // almost all slopes tie
                        case 1 -> random.nextInt(100) + 0.05 * i;             // noise on a trend
                        default -> random.nextInt(20) == 0 ? NaN : Math.round(50 + 40 * Math.sin(i / 8.0)) + random.nextInt(3);
                    };
                }
                // integer data: exactly the median; a drift of 0.05 a point makes slopes equal in exact arithmetic
                // differ in their last bits as computed, and any of those may be returned
                double tolerance = variant == 1 ? 1e-12 : 0.0;
                assertEquals(bruteForceSenSlope(series), SenSlope.of(series), tolerance, "n=" + n + " variant " + variant);
            }
        }
    }

    @Test
    void mann_kendall_s_and_variance_match_the_pairwise_definition_with_ties() {
        Random random = new Random(13);
        for (int n = 4; n < 400; n += 7) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = random.nextInt(n % 3 == 0 ? 4 : 50) + (n % 2 == 0 ? 0.1 * i : 0);
            double s = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) s += Math.signum(x[j] - x[i]);
            java.util.Map<Double, Integer> groups = new java.util.HashMap<>();
            for (double v : x) groups.merge(v, 1, Integer::sum);
            double ties = groups.values().stream().mapToDouble(t -> t * (t - 1.0) * (2 * t + 5)).sum();
            MannKendall mk = MannKendall.of(x);
            assertEquals(s, mk.s(), "n=" + n);
            assertEquals((n * (n - 1.0) * (2 * n + 5) - ties) / 18.0, mk.variance(), 1e-6, "n=" + n);
        }
    }

    @Test
    void p_values_are_tail_probabilities_never_rounded_to_zero() {
        // 2·P(Z > z) for z = 1.96, 4.8, 10 and 30, to 12 significant digits (reference: erfc(z/√2) of the C library)
        assertEquals(0.04999579029644087, 2 * NormalDistribution.upperTail(1.96), 1e-13);
        assertEquals(1.586656303951195e-6, 2 * NormalDistribution.upperTail(4.8), 1e-18);
        assertEquals(1.5239706048321186e-23, 2 * NormalDistribution.upperTail(10), 1e-35);
        assertEquals(9.813427854297528e-198, 2 * NormalDistribution.upperTail(30), 1e-209);
        double[] rising = new double[200];
        for (int i = 0; i < rising.length; i++) rising[i] = i;
        MannKendall mk = MannKendall.of(rising);
        assertTrue(mk.pValue() > 0 && mk.pValue() < 1e-30, "p = " + mk.pValue());
        assertEquals(0.5, NormalDistribution.cdf(0), 1e-15);
        assertEquals(0.9750021048517795, NormalDistribution.cdf(1.96), 1e-13);
    }

    private static double bruteForceSenSlope(double[] series) {
        java.util.List<Double> slopes = new java.util.ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            for (int j = i + 1; j < series.length; j++) {
                if (!Double.isNaN(series[i]) && !Double.isNaN(series[j])) slopes.add((series[j] - series[i]) / (j - i));
            }
        }
        return TrendStatistics.median(slopes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void sen_slope_of_a_long_daily_series_allocates_memory_linear_in_its_points() {
        double[] series = new double[11_783]; // the 160 KB daily export that once took 555 MB of pairs
        Random random = new Random(7);
        for (int i = 0; i < series.length; i++) series[i] = random.nextInt(100) + i * 0.01;
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        double slope = SenSlope.of(series);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0.01, slope, 0.005);
        assertTrue(allocated < 1_000L * series.length, allocated + " bytes allocated: more than 1 KB a point");
    }

    @Test
    void constant_and_all_zero_series_have_no_trend() {
        for (double[] series : new double[][] {{5, 5, 5, 5, 5, 5}, {0, 0, 0, 0, 0, 0}}) {
            MannKendall mk = MannKendall.of(series);
            assertEquals(0, mk.s());
            assertEquals(1.0, mk.pValue());
            assertEquals("flat", mk.direction(0.05));
            assertEquals(0.0, SenSlope.of(series));
            assertTrue(Double.isNaN(TrendStatistics.growthPercent(new double[] {0, 0, 0, 0}, 2)), "growth from zero is undefined");
        }
    }

    @Test
    void too_short_series_say_so_instead_of_guessing() {
        assertNull(MannKendall.of(new double[] {1, 2, 3}));
        assertNull(MannKendall.of(new double[] {1, NaN, 2, NaN, 3}));
        assertTrue(Double.isNaN(SenSlope.of(new double[] {4})));
        assertNull(Stl.decompose(new double[23], 12));
        assertNull(HoltWinters.forecast(new double[] {1, 2, 3, 4, 5}, 12, 3));
        assertTrue(Double.isNaN(TrendStatistics.growthPercent(new double[] {1, 2, 3}, 2)));
    }

    @Test
    void normal_cdf_matches_tables() {
        assertEquals(0.5, NormalDistribution.cdf(0), 1e-7);
        assertEquals(0.975, NormalDistribution.cdf(1.959964), 1e-6);
        assertEquals(0.158655, NormalDistribution.cdf(-1), 1e-6);
    }

    /** trend per period, seasonal amplitude (peak in July), noise sd, one spike. */
    static double[] synthetic(long seed, int n, double trend, double amplitude, double noise, int spikeAt, double spike) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 50 + trend * t + amplitude * Math.cos(2 * Math.PI * (t - 6) / 12) + noise * random.nextGaussian();
            if (t == spikeAt) x[t] += spike;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void known_trend_season_and_spike_are_recovered(long seed) {
        double[] x = synthetic(seed, 60, 0.5, 10, 2, 30, 40);
        MannKendall mk = MannKendall.seasonal(x, 12);
        assertEquals("rising", mk.direction(0.05));
        assertEquals(0.5, SenSlope.of(x), 0.15);
        Seasonality.Verdict season = Seasonality.judge(x, Granularity.MONTHLY);
        assertNotNull(season);
        assertTrue(season.seasonal() && season.strength() > 0.6, "seasonal strength " + season.strength());
        // July's season is 1.3 points above June's and August's; noise of sd 2 over five years may swap them
        assertTrue(Math.abs(season.peakPhase() - 6) <= 1, "peak around July (phase 6 from January): " + season.peakPhase());
        java.util.List<Events.Event> events = Events.find(x, season.expected(), Granularity.MONTHLY);
        assertTrue(events.stream().anyMatch(e -> e.peak() == 30), "the spike at 30: " + events);
        assertTrue(events.size() <= 2, events.size() + " events found where one was put: " + events);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void known_falling_trend_is_recovered(long seed) {
        double[] x = synthetic(seed, 48, -0.8, 5, 2, -1, 0);
        assertEquals("falling", MannKendall.seasonal(x, 12).direction(0.05));
        assertEquals(-0.8, SenSlope.of(x), 0.2);
    }

    @Test
    void pure_noise_is_rarely_called_a_trend() {
        int significant = 0;
        for (long seed = 100; seed < 140; seed++) {
            double[] x = synthetic(seed, 60, 0, 0, 5, -1, 0);
            if (MannKendall.of(x).pValue() < 0.05) significant++;
        }
        assertTrue(significant <= 6, significant + " of 40 noise series called significant at 5%");
    }

    @Test
    void forecast_continues_a_trend_and_its_interval_holds_the_truth() {
        double[] x = synthetic(3, 48, 1.0, 8, 1, -1, 0);
        HoltWinters.Forecast f = HoltWinters.forecast(x, 12, 3);
        double[] truth = synthetic(3, 51, 1.0, 8, 0, -1, 0);
        for (int h = 0; h < 3; h++) {
            assertTrue(f.lower()[h] <= truth[48 + h] && truth[48 + h] <= f.upper()[h],
                    "h=" + h + " truth " + truth[48 + h] + " outside [" + f.lower()[h] + ", " + f.upper()[h] + "]");
            assertTrue(f.lower()[h] <= f.mean()[h] && f.mean()[h] <= f.upper()[h]);
        }
        assertTrue(f.mean()[0] > x[36], "next January above last year's");
    }
}
