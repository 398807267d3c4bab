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
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,-3\n")).getMessage().contains("must not be negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,Infinity\n")).getMessage().contains("not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoogleTrendsCsv.parse("Month,x\n2024-01,lots\n")).getMessage().contains("not a number"));
        assertEquals("series_csv has a header but no rows",
                assertThrows(IllegalArgumentException.class, () -> GoogleTrendsCsv.parse("Month,x\n")).getMessage());
    }

    @Test
    void month_labels_as_spreadsheets_write_them_read_as_the_first_of_their_month() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("Month,yoga\nJan 2004,3\nFebruary 2004,4\nmar  2004,5\nApr 2004,6\n");
        assertEquals(List.of(LocalDate.of(2004, 1, 1), LocalDate.of(2004, 2, 1), LocalDate.of(2004, 3, 1), LocalDate.of(2004, 4, 1)), s.dates());
        assertEquals("monthly", s.granularity());
    }

    @Test
    void exports_as_people_have_them_read_the_same() {
        // a Chinese category line, a French period and geography, CRLF (Google Trends in a browser set to Chinese and French)
        GoogleTrendsCsv.Series mixed = GoogleTrendsCsv.parse("类别：所有类别\r\n\r\nsemaine,toilet paper: (Japon)\r\n2020-02-09,9\r\n2020-02-16,<1\r\n");
        assertEquals("weekly", mixed.granularity());
        assertEquals(List.of("toilet paper"), List.copyOf(mixed.values().keySet()));
        assertEquals(0.5, mixed.values().get("toilet paper")[1]);
        // Vietnamese, Korean, Russian, Japanese and simplified Chinese headers (月份: two exports of the judged set)
        for (String header : new String[] {"Tháng", "월", "Месяц", "月", "月份"}) {
            GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse(header + ",Vn-Index\n2024-01,3\n2024-02,4\n");
            assertEquals("monthly", s.granularity(), header);
        }
        // a spreadsheet's US dates, week spans with an en dash, quotes a spreadsheet doubled, "<1%"
        GoogleTrendsCsv.Series us = GoogleTrendsCsv.parse("Day,Johnny Depp: (Worldwide)\n4/1/2022,1\n4/2/2022,<1%\n");
        assertEquals(List.of(LocalDate.of(2022, 4, 1), LocalDate.of(2022, 4, 2)), us.dates());
        assertEquals(0.5, us.values().get("Johnny Depp")[1]);
        GoogleTrendsCsv.Series spans = GoogleTrendsCsv.parse("Week,\"toddler coloring book: (United States)\"\n2024-01-07 – 2024-01-13,45\n2024-01-14 - 2024-01-20,52\n");
        assertEquals(LocalDate.of(2024, 1, 14), spans.dates().get(1));
        assertEquals(List.of("toddler coloring book"), List.copyOf(spans.values().keySet()));
        GoogleTrendsCsv.Series quoted = GoogleTrendsCsv.parse("Mese,\"\"\"Allianz\"\": (Italia)\"\n2020-01,60\n2020-02,62\n");
        assertEquals(List.of("Allianz"), List.copyOf(quoted.values().keySet()));
    }

    @Test
    void the_granularity_follows_the_dates_when_the_header_only_says_date() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("Date,ventilateur\nJan 2004,18\nFeb 2004,17\nMar 2004,15\n");
        assertEquals("monthly", s.granularity());
        GoogleTrendsCsv.Series days = GoogleTrendsCsv.parse("Date,France\nNov 1 2018,0.09\nNov 2 2018,0.16\n");
        assertEquals("daily", days.granularity());
        assertEquals(LocalDate.of(2018, 11, 2), days.dates().get(1));
    }

    @Test
    void an_is_partial_column_marks_the_last_period_and_is_no_term() {
        GoogleTrendsCsv.Series s = GoogleTrendsCsv.parse("date,yoga,isPartial\n2024-01-07,80,False\n2024-01-14,30,True\n");
        assertEquals(List.of("yoga"), List.copyOf(s.values().keySet()));
        assertTrue(s.lastPartial());
        assertTrue(!GoogleTrendsCsv.parse("date,yoga,isPartial\n2024-01-07,80,False\n2024-01-14,81,False\n").lastPartial());
    }

    /** The message a bad export gets, which names what is wrong and where. */
    private static String refusal(String csv) {
        return assertThrows(IllegalArgumentException.class, () -> GoogleTrendsCsv.parse(csv)).getMessage();
    }

    @Test
    void dates_must_rise_one_period_at_a_time_within_a_plausible_range() {
        assertEquals("series_csv line 4: 2024-02-01 does not follow 2024-03-01; dates must rise, each once",
                refusal("Month,x\n2024-01,1\n2024-03,2\n2024-02,3\n"));
        assertEquals("series_csv line 3: 2024-01-01 does not follow 2024-01-01; dates must rise, each once",
                refusal("Month,x\n2024-01,1\n2024-01,2\n"));
        assertTrue(refusal("Week,x\n2024-01-07,1\n2024-01-14,2\n2024-01-15,3\n").startsWith("series_csv: 2024-01-15 follows 2024-01-14; a weekly export"));
        assertTrue(refusal("Month,x\n2024-01,1\n2024-02,2\n2024-04,3\n").contains("one row per month, none missing"));
        assertEquals("series_csv line 2: 1024-01-01 is outside 1900-01-01 to a year from now", refusal("Month,x\n1024-01,1\n"));
        assertTrue(refusal("Month,x\n+999999-01,1\n").contains("not a date"));
    }

    @Test
    void every_row_is_as_wide_as_the_header_and_every_value_a_plain_decimal() {
        assertEquals("series_csv line 3 has 3 cells; its header has 2", refusal("Month,x\n2024-01,1\n2024-02,2,9\n"));
        assertEquals("series_csv line 2 has 1 cells; its header has 2", refusal("Month,x\n2024-01\n"));
        assertTrue(refusal("Month,x\n2024-01,0x1p3\n").contains("'0x1p3' is not a number"));
        assertTrue(refusal("Month,x\n2024-01,NaN\n").contains("'NaN' is not a number"));
        assertTrue(refusal("Month,x\n2024-01,1e3\n").contains("is not a number"));
        assertEquals(List.of(LocalDate.of(2024, 1, 1)), GoogleTrendsCsv.parse("\"Month\",\"x\"\n2024-01,4.5\n").dates());
    }
}
