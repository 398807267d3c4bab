package com.keywordtrend.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Google Trends "interest over time" exports, as the site writes them. */
class GoogleTrendsCsvTest {

    @Test
    void monthly_export_with_category_preamble_and_location_suffixes() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("""
                Category: All categories

                Month,AI diagnostics: (Worldwide),medical imaging: (Worldwide)
                2024-01,10,50
                2024-02,<1,48
                2024-03,15,
                """);
        assertEquals(Granularity.MONTHLY, s.granularity());
        assertEquals(List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1)), s.dates());
        assertEquals(List.of("AI diagnostics", "medical imaging"), List.copyOf(s.values().keySet()));
        assertEquals(0.5, s.values().get("AI diagnostics")[1], "<1 reads as 0.5");
        assertTrue(Double.isNaN(s.values().get("medical imaging")[2]), "a blank cell is missing, not zero");
    }

    @Test
    void weekly_and_daily_exports_without_preamble() {
        GoogleTrendsCsv.Series weekly = GoogleTrendsCsv.parse("Week,yoga: (United States)\r\n2024-01-07,80\r\n2024-01-14,76\r\n");
        assertEquals(Granularity.WEEKLY, weekly.granularity());
        assertEquals(LocalDate.of(2024, 1, 14), weekly.dates().get(1));
        GoogleTrendsCsv.Series daily = GoogleTrendsCsv.parse("\uFEFFDay,gilets jaunes: (France)\n2018-11-17,100\n2018-11-18,61\n");
        assertEquals(Granularity.DAILY, daily.granularity());
        assertEquals(61, daily.values().get("gilets jaunes")[1]);
    }

    @Test
    void quoted_terms_may_hold_commas() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("Month,\"cats, dogs: (Worldwide)\",birds\n2024-01,1,2\n");
        assertEquals(List.of("cats, dogs", "birds"), List.copyOf(s.values().keySet()));
    }

    @Test
    void unreadable_exports_say_what_is_wrong() {
        assertEquals("series_csv has no header row starting with Month, Week or Day",
                assertThrows(IllegalArgumentException.class, () -> GoogleTrendsCsv.parse("a,b\n1,2\n")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\nJanuary,3\n")).getMessage().contains("is not a date"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,-3\n")).getMessage().contains("not negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,Infinity\n")).getMessage().contains("finite"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,lots\n")).getMessage().contains("not a number"));
        assertEquals("series_csv has a header but no rows",
                assertThrows(IllegalArgumentException.class, () -> GoogleTrendsCsv.parse("Month,x\n")).getMessage());
    }
}
