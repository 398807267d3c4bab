package com.keywordtrend.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.model.GoogleTrendsCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the analysis says about the real series in a directory (engines/trend-check.sh runs it on
 * ../shared/data/trend-samples, which tests may not read): per series, status, seasonality and
 * its peak, events. Google News Lab's published tables have an unnamed date column and a line of
 * explanation under the header; both are read as an export would be.
 */
public final class TrendSamples {
    private TrendSamples() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "../shared/data/trend-samples");
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        System.out.println("| file | series | status | seasonal (peak) | events | words |");
        System.out.println("|---|---|---|---|---|---|");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                GoogleTrendsCsv.Series csv;
                try {
                    csv = GoogleTrendsCsv.parse(asExport(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    System.out.println("| " + file.getFileName() + " | not an export: " + e.getMessage() + " | | | | |");
                    continue;
                }
                Granularity granularity = Granularity.of(csv.granularity());
                Map<String, TrendReport.KeywordSeries> series = new LinkedHashMap<>();
                csv.values().forEach((term, values) -> {
                    if (only.isEmpty() || only.stream().anyMatch(term::startsWith)) {
                        series.put(term, new TrendReport.KeywordSeries(term, values, "google_trends_csv"));
                    }
                });
                if (series.isEmpty()) continue;
                List<String> terms = new ArrayList<>(series.keySet());
                TrendReport.Report report = TrendReport.build(granularity, csv.dates(), terms, series, csv.lastPartial());
                for (String term : terms) {
                    JsonNode insight = report.insights().path("keywords").path(term);
                    JsonNode seasonality = insight.path("seasonality");
                    List<String> events = new ArrayList<>();
                    insight.path("events").forEach(e -> events.add(e.path("kind").asText() + " " + e.path("peak_date").asText()));
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", file.getFileName(), term, insight.path("status").asText(),
                            seasonality.isMissingNode() ? "under 2 cycles"
                                    : (seasonality.path("seasonal").asBoolean() ? "yes (" + seasonality.path("peak").asText() + ")" : "no")
                                    + String.format(Locale.ROOT, ", strength %.2f, Friedman p %.2g", seasonality.path("strength").asDouble(),
                                    seasonality.path("recurrence").path("p_value").asDouble()),
                            events.isEmpty() ? "none" : String.join("; ", events), insight.path("status_reason").asText(""));
                }
            }
        }
    }

    /** Google News Lab's tables: an empty first header cell is the date column; a quoted line of explanation is dropped. */
    static String asExport(String text) {
        List<String> lines = new ArrayList<>(text.replace("\uFEFF", "").lines().toList());
        lines.removeIf(line -> line.startsWith("\"Values show"));
        if (!lines.isEmpty() && lines.getFirst().startsWith(",")) {
            String first = lines.size() > 1 ? lines.get(1) : "";
            lines.set(0, (first.matches("\\d{4}-\\d{2},.*") ? "Month" : "Day") + lines.getFirst());
        }
        return String.join("\n", lines);
    }
}
