package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trend analysis's results: the timeline on one scale, the insights, and where each keyword's
 * series came from (or why it has none).
 *
 * @param granularity       of the timeline (a CSV export decides it); null until the job completes
 * @param timeline          null until the job completes
 * @param insights          per keyword and a summary (docs/insights.md); null until the job completes
 * @param sources           null until the job completes (or fails with a report)
 * @param seriesCsvConsumed the CSV export lives on in the timeline: completing removes it from the item
 */
public record TrendsResults(String granularity, Timeline timeline, ObjectNode insights, List<KeywordSource> sources,
                            boolean seriesCsvConsumed) implements JobResults {
    public static final String GRANULARITY = "granularity";
    public static final String TIMELINE = "timeline";
    public static final String INSIGHTS = "insights";
    public static final String SOURCES = "sources";

    /** Where a keyword's series came from ({@code status} "ok"), or why there is none ("no data", "source failed"). */
    public record KeywordSource(String keyword, String source, String status, String reason, CacheUse cache) {
        public KeywordSource(String keyword, String source, String status, String reason) {
            this(keyword, source, status, reason, null);
        }
    }

    /**
     * Points by date, one series per keyword, null where a keyword has no point. The item keeps it by
     * column to stay small; a poll shows one entry per date.
     */
    public record Timeline(List<String> dates, Map<String, List<Double>> series) {
        public Timeline {
            dates = List.copyOf(dates);
            series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
        }

        ObjectNode toAttribute() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.set("dates", Attributes.array(dates));
            ObjectNode byKeyword = node.putObject("series");
            series.forEach((keyword, values) -> {
                ArrayNode array = byKeyword.putArray(keyword);
                values.forEach(v -> array.add(number(v)));
            });
            return node;
        }

        /** {@code [{"date", "values": {keyword: value or null}}]}, as the contract shows it. */
        ArrayNode toReply() {
            ArrayNode points = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < dates.size(); i++) {
                ObjectNode point = points.addObject().put("date", dates.get(i));
                ObjectNode values = point.putObject("values");
                int index = i;
                series.forEach((keyword, v) -> {
                    values.set(keyword, number(index < v.size() ? v.get(index) : null));
                });
            }
            return points;
        }

        /** A whole value as an integer (54, not 54.0), as the seed wrote the timeline; null as JSON null. */
        private static JsonNode number(Double value) {
            if (value == null) return JsonNodeFactory.instance.nullNode();
            if (value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE) return JsonNodeFactory.instance.numberNode(value.intValue());
            return JsonNodeFactory.instance.numberNode(value);
        }

        /** The inverse of {@link #toReply()}: a poll's timeline (or a stored result's) back into columns. */
        static Timeline fromReply(JsonNode points) {
            List<String> dates = new ArrayList<>();
            Map<String, List<Double>> series = new LinkedHashMap<>();
            for (JsonNode point : points) {
                int index = dates.size();
                dates.add(point.path("date").asText());
                point.path("values").properties().forEach(e -> {
                    List<Double> values = series.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                    while (values.size() < index) values.add(null);
                    values.add(e.getValue().isNull() ? null : e.getValue().asDouble());
                });
            }
            return new Timeline(dates, series);
        }

        static Timeline fromAttribute(JsonNode node) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            node.path("series").properties().forEach(e -> {
                List<Double> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.isNull() ? null : v.asDouble()));
                series.put(e.getKey(), values);
            });
            return new Timeline(Attributes.strings(node.path("dates")), series);
        }
    }

    public TrendsResults {
        sources = sources == null ? null : List.copyOf(sources);
    }

    /** What a failed job can still tell: where each keyword was looked for, and why it has no series. */
    public static TrendsResults failed(List<KeywordSource> sources) {
        return new TrendsResults(null, null, null, sources, false);
    }

    @Override
    public ObjectNode toAttributes() {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        if (granularity != null) attributes.put(GRANULARITY, granularity);
        if (timeline != null) attributes.set(TIMELINE, timeline.toAttribute());
        if (insights != null) attributes.set(INSIGHTS, insights);
        if (sources != null) attributes.set(SOURCES, sourcesJson());
        if (seriesCsvConsumed) attributes.putNull(TrendsInputs.SERIES_CSV);
        return attributes;
    }

    @Override
    public ObjectNode toReply() {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        if (timeline != null) reply.set(TIMELINE, timeline.toReply());
        if (insights != null) reply.set(INSIGHTS, insights);
        if (sources != null) reply.set(SOURCES, sourcesJson());
        return reply;
    }

    private ArrayNode sourcesJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (KeywordSource s : sources) {
            ObjectNode entry = array.addObject().put("keyword", s.keyword());
            if (s.source() != null) entry.put("source", s.source());
            entry.put("status", s.status());
            if (s.reason() != null) entry.put("reason", s.reason());
            CacheUse.write(s.cache(), entry);
        }
        return array;
    }

    /** Results as a stored result object holds them (the reply, and the granularity a poll shows beside it) back into attributes. */
    static ObjectNode attributesOfStoredReply(JsonNode stored) {
        ObjectNode attributes = ((ObjectNode) stored).deepCopy();
        if (stored.has(TIMELINE)) attributes.set(TIMELINE, Timeline.fromReply(stored.get(TIMELINE)).toAttribute());
        return attributes;
    }

    public static TrendsResults fromAttributes(JsonNode attributes) {
        List<KeywordSource> sources = null;
        if (attributes.has(SOURCES)) {
            sources = new ArrayList<>();
            for (JsonNode s : attributes.get(SOURCES)) {
                sources.add(new KeywordSource(s.path("keyword").asText(), Attributes.text(s, "source"),
                        s.path("status").asText(), Attributes.text(s, "reason"), CacheUse.read(s)));
            }
        }
        JsonNode insights = attributes.get(INSIGHTS);
        return new TrendsResults(Attributes.text(attributes, GRANULARITY),
                attributes.has(TIMELINE) ? Timeline.fromAttribute(attributes.get(TIMELINE)) : null,
                insights instanceof ObjectNode o ? o : null, sources, false);
    }
}
