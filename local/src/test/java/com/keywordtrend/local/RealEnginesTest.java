package com.keywordtrend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both jobs from start to COMPLETED over HTTP through the local runner with the real handlers and
 * engines, as template.yaml wires them (each function in its own JVM), with no network (SourcesOffline=true).
 */
class RealEnginesTest {
    static LocalRunner runner;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(TestRunners.options("RealEnginesTest"));
        api = new ApiClient(runner.apiBase());
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void orchestrate_offline_reaches_completed_with_weighted_on_topic_keywords() throws Exception {
        String id = api.start("/orchestrate",
                "{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\",\"analysis\"]}");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        JsonNode keywords = done.get("keywords");
        // offline, the list holds what meaning can stand behind: the user's phrases and close WordNet terms
        assertTrue(keywords.size() >= 6, keywords.toString());
        List<String> terms = new ArrayList<>();
        double previous = 1.0;
        for (JsonNode k : keywords) {
            terms.add(k.get("term").asText());
            double weight = k.get("weight").asDouble();
            assertTrue(weight > 0 && weight <= previous, keywords.toString());
            previous = weight;
        }
        assertTrue(terms.contains("AI diagnostics") && terms.contains("healthcare imaging"), terms.toString());
        assertEquals("lexical", done.get("sources").get(0).get("name").asText());
        assertEquals(1, done.get("sources").size(), "offline: the lexical source alone");
    }

    @Test
    void trends_with_a_google_trends_export_reaches_completed_with_timeline_and_insights() throws Exception {
        StringBuilder csv = new StringBuilder("Month,AI diagnostics: (Worldwide),medical imaging: (Worldwide)\n");
        for (int m = 0; m < 24; m++) {
            csv.append(String.format("%d-%02d,%d,%d%n", 2023 + m / 12, m % 12 + 1, 10 + 3 * m, 60 - m));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("series_csv", csv.toString());
        body.putArray("keywords").addObject().put("term", "AI diagnostics").put("weight", 0.95);
        body.withArray("keywords").addObject().put("term", "medical imaging").put("weight", 0.87);
        String id = api.start("/trends", body.toString());
        JsonNode done = api.awaitFinal("/trends", id, Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        JsonNode timeline = done.get("timeline");
        assertEquals(24, timeline.size());
        assertEquals("2023-01-01", timeline.get(0).get("date").asText());
        assertEquals(2, timeline.get(0).get("values").size());
        assertEquals("rising", done.get("insights").get("keywords").get("AI diagnostics").get("direction").asText());
        assertEquals("falling", done.get("insights").get("keywords").get("medical imaging").get("direction").asText());
        assertEquals("monthly", done.get("granularity").asText());
    }

    @Test
    void trends_offline_without_an_export_ends_failed_saying_what_to_do() throws Exception {
        String id = api.start("/trends", "{\"industry\":\"healthcare\",\"keywords\":[\"AI diagnostics\"]}");
        JsonNode done = api.awaitFinal("/trends", id, Duration.ofSeconds(60));
        assertEquals("FAILED", done.get("status").asText());
        assertTrue(done.get("message").asText().contains("Google Trends CSV export"), done.toString());
    }
}
