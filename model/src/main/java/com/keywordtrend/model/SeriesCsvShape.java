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
            granularity = switch (first) {
                case "month" -> "monthly";
                case "week" -> "weekly";
                case "day", "date" -> "daily";
                default -> null;
            };
            if (granularity != null) series = cellsOutsideQuotes(line) - 1;
        }
        return new SeriesCsvShape(granularity, rows, Math.max(0, series));
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
