package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
