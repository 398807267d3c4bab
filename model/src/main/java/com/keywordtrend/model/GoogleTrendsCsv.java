package com.keywordtrend.model;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Google Trends "interest over time" CSV export: an optional preamble ("Category: All
 * categories" and a blank line), a header {@code Month|Week|Day,term1: (Worldwide),term2: (…)}
 * (in any of the languages of {@link SeriesCsvShape#EXPECTED_HEADERS}), then one row per date;
 * {@code <1} reads as 0.5 and a blank cell as missing. In the model, so that the API refuses at the
 * start an export the analysis could not read, with the same words.
 */
public final class GoogleTrendsCsv {
    private static final Pattern LOCATION_SUFFIX = Pattern.compile(":\\s*\\([^)]*\\)\\s*$");

    /**
     * The series of an export: its granularity ("monthly", "weekly", "daily"), its dates, one value
     * array per term (NaN = missing), and whether the export marks its last period partial (the
     * {@code isPartial} column that newer exports and tools such as pytrends add).
     */
    public record Series(String granularity, List<LocalDate> dates, Map<String, double[]> values, boolean lastPartial) {
        public Series(String granularity, List<LocalDate> dates, Map<String, double[]> values) {
            this(granularity, dates, values, false);
        }
    }

    private GoogleTrendsCsv() {
    }

    public static Series parse(String csv) {
        List<String> lines = csv.replace("\uFEFF", "").lines().toList();
        int header = -1;
        String granularity = null;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            String named = SeriesCsvShape.granularityOfHeader(splitRow(lines.get(i)).getFirst());
            if (named != null) {
                granularity = named;
                header = i;
            }
        }
        if (header < 0) {
            String first = lines.stream().filter(l -> !l.isBlank()).findFirst().map(l -> splitRow(l).getFirst().strip()).orElse("");
            throw new IllegalArgumentException("series_csv has no header row starting with " + SeriesCsvShape.EXPECTED_HEADERS
                    + (first.isEmpty() ? "" : "; its first row starts with '" + abbreviate(first) + "'"));
        }
        List<String> names = splitRow(lines.get(header));
        if (names.size() < 2) throw new IllegalArgumentException("series_csv names no search term in its header");
        List<String> terms = new ArrayList<>();
        int partialColumn = -1;
        for (String name : names.subList(1, names.size())) {
            if (name.trim().equalsIgnoreCase("isPartial")) partialColumn = terms.size();
            terms.add(term(name));
        }
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        boolean lastPartial = false;
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            List<String> cells = splitRow(line);
            if (cells.size() != names.size()) {
                throw new IllegalArgumentException("series_csv line " + (i + 1) + " has " + cells.size() + " cells; its header has "
                        + names.size());
            }
            LocalDate date = parseDate(cells.getFirst().trim(), i + 1);
            if (date.isBefore(EARLIEST) || date.isAfter(LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1))) {
                throw new IllegalArgumentException("series_csv line " + (i + 1) + ": " + date + " is outside " + EARLIEST
                        + " to a year from now");
            }
            if (!dates.isEmpty() && !date.isAfter(dates.getLast())) {
                throw new IllegalArgumentException("series_csv line " + (i + 1) + ": " + date + " does not follow " + dates.getLast()
                        + "; dates must rise, each once");
            }
            dates.add(date);
            double[] row = new double[terms.size()];
            for (int t = 0; t < terms.size(); t++) {
                String cell = t + 1 < cells.size() ? cells.get(t + 1).trim() : "";
                if (t == partialColumn) {
                    lastPartial = cell.equalsIgnoreCase("true");
                    continue;
                }
                row[t] = parseValue(cell, i + 1);
            }
            rows.add(row);
        }
        if (dates.isEmpty()) throw new IllegalArgumentException("series_csv has a header but no rows");
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int t = 0; t < terms.size(); t++) {
            if (t == partialColumn) continue;
            double[] series = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) series[r] = rows.get(r)[t];
            values.put(terms.get(t), series);
        }
        if (values.isEmpty()) throw new IllegalArgumentException("series_csv names no search term in its header");
        String spaced = spacing(dates, granularity);
        checkEvenlySpaced(dates, spaced, header + 2);
        return new Series(spaced, dates, values, lastPartial);
    }

    /** No export is older than Google Trends' data (2004); older is a typo, such as 1024 for 2024. */
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    /**
     * One period after another, as every export has them: a month, a week or a day apart. A gap or a
     * mixed spacing would be analysed as if it were not there, its trend and season meaningless.
     */
    private static void checkEvenlySpaced(List<LocalDate> dates, String granularity, int firstLine) {
        for (int i = 1; i < dates.size(); i++) {
            LocalDate previous = dates.get(i - 1);
            boolean next = switch (granularity) {
                case "monthly" -> YearMonth.from(previous).plusMonths(1).equals(YearMonth.from(dates.get(i)));
                case "weekly" -> previous.plusWeeks(1).equals(dates.get(i));
                default -> previous.plusDays(1).equals(dates.get(i));
            };
            if (!next) {
                throw new IllegalArgumentException("series_csv: " + dates.get(i) + " follows " + dates.get(i - 1) + "; a " + granularity
                        + " export has one row per " + UNIT.get(granularity) + ", none missing (the row after the header is line "
                        + firstLine + ")");
            }
        }
    }

    private static final Map<String, String> UNIT = Map.of("monthly", "month", "weekly", "week", "daily", "day");

    /**
     * The granularity the dates' spacing shows (a header "Date" says nothing, and a spreadsheet may
     * have renamed it): about a month, a week or a day between the first two; the header's word when
     * there is one row.
     */
    private static String spacing(List<LocalDate> dates, String named) {
        if (dates.size() < 2) return named;
        long days = java.time.temporal.ChronoUnit.DAYS.between(dates.get(0), dates.get(1));
        if (days >= 28 && days <= 31) return "monthly";
        if (days == 7) return "weekly";
        if (days == 1) return "daily";
        return named;
    }

    /** A header cell as the term it names: without its geography (": (Worldwide)", ": (Japon)") or the quotes a spreadsheet kept. */
    private static String term(String name) {
        String term = LOCATION_SUFFIX.matcher(name.trim()).replaceAll("").trim();
        while (term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")) term = term.substring(1, term.length() - 1).trim();
        return term;
    }

    /** Month labels as spreadsheets write them when they reformat an export: "Jan 2004", "January 2004". */
    private static final List<DateTimeFormatter> DAY_LABELS = List.of(
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("MMM d uuuu").toFormatter(Locale.ENGLISH),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("MMM d, uuuu").toFormatter(Locale.ENGLISH));
    private static final List<DateTimeFormatter> MONTH_LABELS = List.of(
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("MMM uuuu").toFormatter(Locale.ENGLISH),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("MMMM uuuu").toFormatter(Locale.ENGLISH));

    /** A week written as its span, "2024-01-07 - 2024-01-13" or with an en dash: its first day counts. */
    private static final Pattern DATE_SPAN = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})\\s*[-–—]\\s*\\d{4}-\\d{2}-\\d{2}$");
    /** A date a US spreadsheet wrote back: 4/1/2022 (month first, as Google Trends' own US exports). */
    private static final Pattern US_DATE = Pattern.compile("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$");

    private static LocalDate parseDate(String text, int line) {
        java.util.regex.Matcher span = DATE_SPAN.matcher(text);
        if (span.matches()) text = span.group(1);
        java.util.regex.Matcher us = US_DATE.matcher(text);
        if (us.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)));
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("series_csv line " + line + ": '" + abbreviate(text) + "' is not a date");
            }
        }
        try {
            return text.length() == 7 ? LocalDate.parse(text + "-01") : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            for (DateTimeFormatter label : DAY_LABELS) {
                try {
                    return LocalDate.parse(text.replaceAll("\\s+", " "), label);
                } catch (DateTimeParseException notThisOne) {
                    // the next form
                }
            }
            for (DateTimeFormatter label : MONTH_LABELS) {
                try {
                    return YearMonth.parse(text.replaceAll("\\s+", " "), label).atDay(1);
                } catch (DateTimeParseException notThisOne) {
                    // the next form
                }
            }
            throw new IllegalArgumentException("series_csv line " + line + ": '" + abbreviate(text)
                    + "' is not a date like 2024-01, 2024-01-07 or Jan 2024");
        }
    }

    private static double parseValue(String text, int line) {
        if (text.isEmpty()) return Double.NaN;
        // Google Trends writes "<1" for interest above 0 but below 1, in every language ("<1%" in some tools)
        String compact = text.replace(" ", "").replace("\u00A0", "");
        if (compact.equals("<1") || compact.equals("<1%")) return 0.5;
        // digits with an optional decimal point: Java's own parse also reads NaN, Infinity, 1e308 and 0x1p3
        if (!DECIMAL.matcher(text).matches()) {
            if (text.startsWith("-")) throw new IllegalArgumentException("series_csv line " + line + ": values must not be negative");
            throw new IllegalArgumentException("series_csv line " + line + ": '" + abbreviate(text) + "' is not a number like 42 or 4.5");
        }
        return Double.parseDouble(text);
    }

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,6}(\\.\\d{1,6})?");

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** Splits a CSV row, honouring double quotes (terms may hold commas). */
    public static List<String> splitRow(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
