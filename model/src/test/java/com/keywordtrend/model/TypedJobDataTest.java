package com.keywordtrend.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed inputs and results are the one mapping to the item's snake_case attributes, both ways. */
class TypedJobDataTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inputs_round_trip_through_their_attributes() throws Exception {
        OrchestrateInputs orchestrate = new OrchestrateInputs("healthcare", "AI", List.of("imaging", "triage"));
        assertEquals(JSON.readTree("{\"industry\":\"healthcare\",\"usp\":\"AI\",\"key_services\":[\"imaging\",\"triage\"]}"),
                orchestrate.toAttributes());
        assertEquals(orchestrate, JobInputs.of(JobType.ORCHESTRATE, orchestrate.toAttributes()));

        TrendsInputs trends = new TrendsInputs("healthcare", List.of("telehealth"), "weekly", LocalDate.parse("2025-01-05"),
                LocalDate.parse("2025-03-30"), "Week,telehealth\n");
        assertEquals(List.of("industry", "keywords", "granularity", "start_date", "end_date", "series_csv"),
                iterable(trends.toAttributes().fieldNames()));
        assertEquals(trends, JobInputs.of(JobType.TRENDS, trends.toAttributes()));
        TrendsInputs plain = new TrendsInputs("retail", List.of("a"), null, null, null, null);
        assertEquals("monthly", plain.granularity());
        assertEquals(plain, TrendsInputs.fromAttributes(plain.toAttributes()));
    }

    @Test
    void results_round_trip_and_a_poll_shows_the_timeline_by_date() throws Exception {
        OrchestrateResults keywords = new OrchestrateResults(List.of(new OrchestrateResults.WeightedKeyword("ai imaging", 0.9)),
                List.of(new OrchestrateResults.SourceReport("datamuse", false, 0, 12, "HTTP 503")));
        assertEquals(keywords, OrchestrateResults.fromAttributes(keywords.toAttributes()));
        OrchestrateResults clustered = new OrchestrateResults(
                List.of(new OrchestrateResults.WeightedKeyword("ai imaging", 0.9, "informational", false, "imaging", "form: near me")),
                List.of(), List.of(new OrchestrateResults.Cluster("imaging", List.of("ai imaging"))));
        assertEquals(clustered, OrchestrateResults.fromAttributes(clustered.toAttributes()));
        assertEquals("failed", keywords.toAttributes().get("sources").get(0).get("status").asText());

        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("a", Arrays.asList(10.0, null));
        series.put("b", List.of(100.0, 50.5));
        TrendsResults trends = new TrendsResults("monthly", new TrendsResults.Timeline(List.of("2025-01-01", "2025-02-01"), series),
                JsonNodeFactory.instance.objectNode().put("summary", "x"),
                List.of(new TrendsResults.KeywordSource("a", "google_trends_csv", "ok", null)), true);
        assertTrue(trends.toAttributes().get("series_csv").isNull(), "completing removes the export it replaces");
        assertEquals(JSON.readTree("{\"dates\":[\"2025-01-01\",\"2025-02-01\"],\"series\":{\"a\":[10,null],\"b\":[100,50.5]}}"),
                trends.toAttributes().get("timeline"));
        assertEquals(JSON.readTree("[{\"date\":\"2025-01-01\",\"values\":{\"a\":10,\"b\":100}},"
                + "{\"date\":\"2025-02-01\",\"values\":{\"a\":null,\"b\":50.5}}]"), trends.toReply().get("timeline"));
        TrendsResults read = TrendsResults.fromAttributes(trends.toAttributes());
        assertEquals(trends.timeline(), read.timeline());
        assertEquals(trends.sources(), read.sources());
    }

    @Test
    void a_job_without_results_has_empty_typed_results() {
        OrchestrateResults none = OrchestrateResults.fromAttributes(new OrchestrateInputs("x", "y", List.of()).toAttributes());
        assertNull(none.keywords());
        assertEquals(0, none.toAttributes().size());
        assertEquals(0, TrendsResults.fromAttributes(JsonNodeFactory.instance.objectNode()).toReply().size());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
