package com.keywordtrend.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A secondary, news-based signal: GDELT DOC 2.0 {@code mode=timelinevol}, the share of the world's
 * online news coverage that mentions the keyword, per day (averaged per week or month). GDELT
 * searches a rolling window of recent months only, so older points stay missing. Its rate limit
 * is one request per 5 seconds, and its throttling notice is plain text ({@link
 * com.keywordtrend.sources.SourceClients#gdelt}).
 */
public final class GdeltSource {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final SourceClient client;
    private final URI base;

    public GdeltSource(SourceClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    /** Mean volume intensity per date of {@code dates}; empty when GDELT has no coverage at all. */
    public Optional<double[]> volume(String keyword, Granularity granularity, List<LocalDate> dates, Instant deadline)
            throws SourceException {
        LocalDate last = granularity.next(dates.getLast(), 1).minusDays(1);
        URI uri = base.resolve("/api/v2/doc/doc?mode=timelinevol&format=json&timelinesmooth=0&query="
                + SourceClient.encode("\"" + keyword + "\"")
                + "&startdatetime=" + STAMP.format(dates.getFirst()) + "000000&enddatetime=" + STAMP.format(last) + "235959");
        JsonNode answer = client.getJson(uri, deadline);
        if (!answer.isObject()) throw new SourceException("gdelt sent a malformed response");
        // no matching coverage is answered {} (and at times {"timeline": []})
        if (!answer.has("timeline")) return Optional.empty();
        JsonNode timeline = answer.get("timeline");
        if (!timeline.isArray()) throw new SourceException("gdelt sent a malformed response");
        if (timeline.isEmpty()) return Optional.empty();
        Map<LocalDate, double[]> sums = new HashMap<>(); // period → {sum, count}
        for (JsonNode point : timeline.get(0).path("data")) {
            String date = point.path("date").asText("");
            if (date.length() < 8 || !point.path("value").isNumber()) continue;
            LocalDate day = LocalDate.parse(date.substring(0, 8), STAMP);
            double[] acc = sums.computeIfAbsent(granularity.periodStart(day), d -> new double[2]);
            acc[0] += point.get("value").asDouble();
            acc[1]++;
        }
        if (sums.isEmpty()) return Optional.empty();
        double[] values = new double[dates.size()];
        for (int i = 0; i < dates.size(); i++) {
            double[] acc = sums.get(dates.get(i));
            values[i] = acc == null ? Double.NaN : acc[0] / acc[1];
        }
        return Optional.of(values);
    }
}
