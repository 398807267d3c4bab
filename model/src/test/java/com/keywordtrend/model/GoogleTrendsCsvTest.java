package com.keywordtrend.model;

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
        assertEquals("monthly", s.granularity());
        assertEquals(List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1)), s.dates());
        assertEquals(List.of("AI diagnostics", "medical imaging"), List.copyOf(s.values().keySet()));
        assertEquals(0.5, s.values().get("AI diagnostics")[1], "<1 reads as 0.5");
        assertTrue(Double.isNaN(s.values().get("medical imaging")[2]), "a blank cell is missing, not zero");
    }

    @Test
    void weekly_and_daily_exports_without_preamble() {
        GoogleTrendsCsv.Series weekly = GoogleTrendsCsv.parse("Week,yoga: (United States)\r\n2024-01-07,80\r\n2024-01-14,76\r\n");
        assertEquals("weekly", weekly.granularity());
        assertEquals(LocalDate.of(2024, 1, 14), weekly.dates().get(1));
        GoogleTrendsCsv.Series daily = GoogleTrendsCsv.parse("\uFEFFDay,gilets jaunes: (France)\n2018-11-17,100\n2018-11-18,61\n");
        assertEquals("daily", daily.granularity());
        assertEquals(61, daily.values().get("gilets jaunes")[1]);
    }

    @Test
    void quoted_terms_may_hold_commas() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("Month,\"cats, dogs: (Worldwide)\",birds\n2024-01,1,2\n");
        assertEquals(List.of("cats, dogs", "birds"), List.copyOf(s.values().keySet()));
    }

    @Test
    void exports_in_the_users_language_are_read_with_their_granularity_and_below_one_values() {
        String[][] exports = {
                {"Catégorie : Toutes catégories\n\nMois,télémédecine: (Monde)\n2024-01,12\n2024-02,<1\n", "MONTHLY"},
                {"Kategorie: Alle Kategorien\n\nWoche,Telemedizin: (Weltweit)\n2024-01-07,40\n2024-01-14,< 1\n", "WEEKLY"},
                {"Categoría: Todas las categorías\n\nDía,telemedicina: (Todo el mundo)\n2024-01-01,3\n2024-01-02,5\n", "DAILY"},
                {"Categoria: Todas as categorias\n\nMês,telemedicina: (Mundo)\n2024-01,7\n2024-02,9\n", "MONTHLY"},
                {"Categoria: Tutte le categorie\n\nSettimana,telemedicina: (Tutto il mondo)\n2024-01-07,1\n2024-01-14,2\n", "WEEKLY"},
                {"Categorie: Alle categorieën\n\nMaand,telegeneeskunde: (Wereldwijd)\n2024-01,8\n2024-02,6\n", "MONTHLY"}};
        for (String[] export : exports) {
            GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse(export[0]);
            assertEquals(export[1].toLowerCase(java.util.Locale.ROOT), s.granularity(), export[0]);
            assertEquals(2, s.dates().size());
            assertEquals(1, s.values().size(), "the location suffix in its language is dropped: " + s.values().keySet());
            assertEquals(SeriesCsvShape.of(export[0]).granularity(), export[1].toLowerCase(),
                    "the API bounds it by the same header");
        }
        assertEquals(0.5, GoogleTrendsCsv.parse(exports[0][0]).values().get("télémédecine")[1]);
        assertEquals(0.5, GoogleTrendsCsv.parse(exports[1][0]).values().get("Telemedizin")[1]);
    }

    @Test
    void unreadable_exports_say_what_is_wrong() {
        assertEquals("series_csv has no header row starting with " + SeriesCsvShape.EXPECTED_HEADERS
                        + "; its first row starts with 'a'",
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

    @Test
    void month_labels_as_spreadsheets_write_them_read_as_the_first_of_their_month() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("Month,yoga\nJan 2004,3\nFebruary 2004,4\nmar  2004,5\nSept 2004,6\n".replace("Sept", "Sep"));
        assertEquals(List.of(LocalDate.of(2004, 1, 1), LocalDate.of(2004, 2, 1), LocalDate.of(2004, 3, 1), LocalDate.of(2004, 9, 1)), s.dates());
        assertEquals("monthly", s.granularity());
    }
}
