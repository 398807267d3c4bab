package com.keywordtrend.model;

import java.util.Locale;

/**
 * The size of a Google Trends CSV export before it is parsed: its granularity (from the header's
 * first cell), its data rows and its series. The API bounds a job by it at the start, so that no
 * request can make the analysis hold more than {@link JobLimits#MAX_TIMELINE_VALUES} values.
 *
 * @param granularity "monthly", "weekly", "daily", or null when no header row was found
 */
public record SeriesCsvShape(String granularity, int rows, int series) {

    public static SeriesCsvShape of(String csv) {
        String granularity = null;
        int series = 0;
        int rows = 0;
        for (String line : csv.replace("\uFEFF", "").lines().toList()) {
            if (line.isBlank()) continue;
            if (granularity != null) {
                rows++;
                continue;
            }
            int comma = line.indexOf(',');
            String first = (comma < 0 ? line : line.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
            granularity = granularityOfHeader(first);
            if (granularity != null) series = cellsOutsideQuotes(line) - 1;
        }
        return new SeriesCsvShape(granularity, rows, Math.max(0, series));
    }

    /** What the header row's first cell says, as Google Trends writes it in the languages it exports in. */
    public static final String EXPECTED_HEADERS = "Month, Week or Day (Mois, Semaine, Jour; Monat, Woche, Tag; "
            + "Mes, Semana, Día; Mês, Semana, Dia; Mese, Settimana, Giorno; Maand, Week, Dag; Miesiąc, Tydzień, Dzień; "
            + "Ay, Hafta, Gün; Месяц, Неделя, День; Місяць, Тиждень, День; Tháng, Tuần, Ngày; 月份 or 月, 周, 日; 月, 週, 日; 월, 주, 일)";

    /**
     * "monthly", "weekly" or "daily" when {@code firstCell} is the first cell of an export's header
     * row in one of the languages of {@link #EXPECTED_HEADERS} (any case, quoted or not); otherwise null.
     */
    public static String granularityOfHeader(String firstCell) {
        String cell = firstCell.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        return switch (cell) {
            case "month", "mois", "monat", "mes", "mês", "mese", "maand", "miesiąc", "ay", "месяц", "місяць", "tháng", "月",
                 "月份", "월" -> "monthly"; // 月份: simplified Chinese exports (two in the judged set)
            case "week", "semaine", "woche", "semana", "settimana", "tydzień", "hafta", "неделя", "тиждень", "tuần", "周",
                 "週", "주" -> "weekly";
            case "day", "date", "jour", "tag", "datum", "día", "dia", "fecha", "data", "giorno", "dag", "dzień", "gün",
                 "день", "ngày", "日", "일" -> "daily";
            default -> null;
        };
    }

    /** Values the series hold: rows × series. */
    public long values() {
        return (long) rows * series;
    }

    private static int cellsOutsideQuotes(String line) {
        int cells = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) cells++;
        }
        return cells;
    }
}
