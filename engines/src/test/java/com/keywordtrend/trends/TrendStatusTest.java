package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The status at a glance, growth on a tiny base and spikes in the latest periods, on series of known shape. */
class TrendStatusTest {

    static JsonNode analyse(int months, IntToDoubleFunction shape) {
        Random random = new Random(months);
        double[] x = new double[months];
        for (int i = 0; i < months; i++) x[i] = Math.max(0, shape.applyAsDouble(i) + random.nextGaussian());
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < months; i++) dates.add(LocalDate.of(2021, 1, 1).plusMonths(i));
        return TrendReport.analyse(Granularity.MONTHLY, dates, x, "google_trends_csv");
    }

    @Test
    void each_shape_gets_its_status() {
        assertEquals("exploding", analyse(36, i -> 3 * Math.pow(1.12, i)).get("status").asText());
        assertEquals("growing", analyse(36, i -> 40 + 0.6 * i).get("status").asText());
        assertEquals("peaked", analyse(36, i -> i < 18 ? 20 + 4 * i : 92 - 4 * (i - 18)).get("status").asText());
        assertEquals("declining", analyse(36, i -> 90 - 1.5 * i).get("status").asText());
        assertEquals("seasonal", analyse(48, i -> 50 + 30 * Math.sin(2 * Math.PI * i / 12)).get("status").asText());
        assertEquals("steady", analyse(36, i -> 50).get("status").asText());
    }

    @Test
    void growth_from_a_level_below_five_is_not_reported() {
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 4, 1));
        JsonNode insight = TrendReport.analyse(Granularity.MONTHLY, dates, new double[] {0.5, 0.5, 0.5, 15}, "google_trends_csv");
        assertTrue(!insight.has("growth_pct") || insight.get("growth_pct").isNull(), insight.toString());
        assertTrue(insight.get("notes").toString().contains("No growth_pct"), insight.get("notes").toString());
        JsonNode solid = TrendReport.analyse(Granularity.MONTHLY, dates, new double[] {40, 40, 40, 60}, "google_trends_csv");
        assertEquals(50.0, solid.get("growth_pct").asDouble(), 1e-9);
    }

    @Test
    void a_steadily_rising_seasonal_series_has_no_spikes_at_its_ends() {
        // the decomposition's trend stops half a season from each end; carried on flat, a rising
        // trend would leave the ends' points far from it and read as spikes
        JsonNode insight = analyse(48, i -> 20 + 1.5 * i + 15 * Math.sin(2 * Math.PI * i / 12));
        assertEquals(0, insight.get("spikes").size(), insight.get("spikes").toString());
    }

    @Test
    void a_smooth_series_rounded_to_whole_points_has_no_spikes() {
        List<LocalDate> dates = new ArrayList<>();
        double[] x = new double[104];
        for (int i = 0; i < x.length; i++) {
            dates.add(LocalDate.of(2023, 1, 1).plusWeeks(i));
            x[i] = Math.round(5 + 3 * Math.sin(2 * Math.PI * i / 52)); // as an export has it
        }
        JsonNode insight = TrendReport.analyse(Granularity.WEEKLY, dates, x, "google_trends_csv");
        assertEquals(0, insight.get("spikes").size(), insight.get("spikes").toString());
    }

    @Test
    void a_spike_in_the_latest_month_is_reported() {
        JsonNode insight = analyse(48, i -> 50 + 20 * Math.sin(2 * Math.PI * i / 12) + (i == 47 ? 45 : 0));
        List<String> spikes = new ArrayList<>();
        insight.get("spikes").forEach(s -> spikes.add(s.get("date").asText()));
        assertTrue(spikes.contains("2024-12-01"), "the last month's spike: " + spikes);
    }

    @Test
    void exploding_means_rising_now_not_a_wave_that_has_fallen_back_a_wave_under_double_nor_a_bump_far_below_an_old_high() {
        // a wave that tripled the level and has fallen most of the way back within the baseline's window
        JsonNode fading = analyse(60, i -> i == 53 ? 30 : i == 54 ? 47 : i == 55 ? 30 : i >= 56 ? 16 : 12);
        assertFalse("exploding".equals(fading.get("status").asText()), fading.toString());
        // the same wave holding most of its rise is exploding
        JsonNode holding = analyse(60, i -> i == 55 ? 30 : i >= 56 ? 45 : 12);
        assertEquals("exploding", holding.get("status").asText(), holding.toString());
        // a rise of 60 % over the level around it, still going on, is growth, not an explosion
        JsonNode bump = analyse(60, i -> i >= 55 ? 29 : 18);
        assertEquals("growing", bump.get("status").asText(), bump.toString());
        assertTrue(bump.get("status_reason").asText().contains("is still going on"), bump.toString());

        // the latest point above the past year's but a third of an old high: not a breakout
        JsonNode belowOldHigh = analyse(60, i -> i == 20 ? 100 : i == 59 ? 31 : 15);
        assertFalse(belowOldHigh.get("breakout").asBoolean(), belowOldHigh.toString());
        // a new high is one, and its words say what the test checked
        JsonNode newHigh = analyse(60, i -> i == 20 ? 40 : i == 59 ? 60 : 15);
        assertTrue(newHigh.get("breakout").asBoolean(), newHigh.toString());
        assertEquals("exploding", newHigh.get("status").asText());
        assertEquals("The latest point is far above the past year's, and at least half the series' high.",
                newHigh.get("status_reason").asText());
    }

    static List<LocalDate> weeks(int n) {
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < n; i++) dates.add(LocalDate.of(2020, 2, 9).plusWeeks(i));
        return dates;
    }

    @Test
    void a_news_wave_that_is_over_is_peaked_with_its_dates_and_the_words_say_so() {
        // the shape of the example: flat near 1, a wave to 100 in mid 2021, back to 0-2
        double[] x = new double[114];
        for (int i = 0; i < x.length; i++) x[i] = i % 3 == 0 ? 2 : 1;
        double[] wave = {4, 11, 31, 54, 71, 62, 66, 81, 89, 100, 88, 72, 62, 46, 33, 26, 19, 15, 13};
        for (int k = 0; k < wave.length; k++) x[65 + k] = wave[k];
        JsonNode insight = TrendReport.analyse(Granularity.WEEKLY, weeks(x.length), x, "google_trends_csv");
        assertEquals("peaked", insight.get("status").asText(), insight.toString());
        assertEquals("Peaked on 2021-07-11 at 100; now 1 (1 % of the peak).", insight.get("status_reason").asText());
        assertEquals(1, insight.get("events").size(), insight.get("events").toString());
        JsonNode event = insight.get("events").get(0);
        assertEquals("wave", event.get("kind").asText());
        assertEquals("2021-07-11", event.get("peak_date").asText());
        assertEquals(100, event.get("peak_value").asDouble());
        assertFalse(event.get("ongoing").asBoolean());
        assertTrue(event.get("words").asText().startsWith("A wave from 2021-05"), event.get("words").asText());
        assertFalse(insight.path("seasonality").path("seasonal").asBoolean(false), "one wave is not a season");
    }

    @Test
    void a_spike_on_a_living_topic_is_an_event_not_its_peak() {
        double[] x = new double[200];
        for (int i = 0; i < x.length; i++) x[i] = 25 + (i % 5);
        x[40] = 100;
        x[41] = 60;
        JsonNode insight = TrendReport.analyse(Granularity.WEEKLY, weeks(x.length), x, "google_trends_csv");
        assertEquals("steady", insight.get("status").asText(), insight.toString());
        assertEquals("spike", insight.get("events").get(0).get("kind").asText());
    }

    @Test
    void a_last_week_far_below_the_ones_before_is_left_out_of_the_verdict_with_a_note() {
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) x[i] = 40 + (i % 4);
        x[59] = 8; // an export taken on the week's second day
        JsonNode insight = TrendReport.analyse(Granularity.WEEKLY, weeks(x.length), x, "google_trends_csv");
        assertTrue(insight.get("data_quality").get("last_period_partial").asBoolean());
        assertEquals("steady", insight.get("status").asText(), insight.toString());
        assertTrue(insight.get("notes").toString().contains("may be partial"), insight.get("notes").toString());
        assertEquals(59, insight.get("trend_test").get("n").asInt(), "the partial week is not tested");
        JsonNode marked = TrendReport.analyse(Granularity.WEEKLY, weeks(x.length), x, "google_trends_csv", true);
        assertTrue(marked.get("notes").toString().contains("The export marks the last period"), marked.get("notes").toString());
    }

    @Test
    void the_trend_test_names_its_method_and_the_points_the_series_is_worth() {
        JsonNode insight = TrendReport.analyse(Granularity.WEEKLY, weeks(150), ModifiedMannKendallTest.ar1(new java.util.SplittableRandom(3), 0.9, 150, 0),
                "google_trends_csv");
        JsonNode test = insight.get("trend_test");
        assertEquals(ModifiedMannKendall.METHOD, test.get("method").asText());
        assertEquals(150, test.get("n").asInt());
        assertTrue(test.get("n_effective").asDouble() < 40, "a strongly autocorrelated series is worth few points: " + test);
        assertTrue(test.get("p_value").asDouble() >= test.get("p_value_independent").asDouble(), test.toString());
    }
}
