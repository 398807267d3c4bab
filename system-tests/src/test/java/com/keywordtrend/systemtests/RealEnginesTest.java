package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.LocalRunner;
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
        // offline, the list holds what meaning can stand behind: the user's phrases, close WordNet terms
        // and the forms built on the phrases; never the industry glued to a service ("healthcare imaging")
        assertTrue(keywords.size() >= 4, keywords.toString());
        List<String> terms = new ArrayList<>();
        double previous = 1.0;
        for (JsonNode k : keywords) {
            terms.add(k.get("term").asText());
            double weight = k.get("weight").asDouble();
            assertTrue(weight > 0 && weight <= previous, keywords.toString());
            previous = weight;
        }
        assertTrue(terms.contains("AI diagnostics") && terms.contains("imaging") && !terms.contains("healthcare imaging"), terms.toString());
        for (JsonNode k : keywords) assertTrue(k.hasNonNull("origin") && k.hasNonNull("intent"), k.toString());
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

    /** A real export of the judged set, committed with its licence (engines/src/test/resources/judged-exports). */
    static String judgedExport(String id) throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("../engines/src/test/resources/judged-exports", id + ".csv"));
    }

    @Test
    void a_real_weekly_export_with_two_waves_gets_them_as_events_and_a_corrected_trend_test() throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("industry", "crypto")
                .put("series_csv", judgedExport("altcoin-weekly-2020-2025"));
        body.putArray("keywords").add("altcoin");
        JsonNode done = api.awaitFinal("/trends", api.start("/trends", body.toString()), Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        JsonNode insight = done.get("insights").get("keywords").get("altcoin");
        // judged from the chart before the analysis ran: steady or growing, not seasonal, waves in April 2021 and December 2024
        assertTrue(List.of("steady", "growing").contains(insight.get("status").asText()), insight.toString());
        assertTrue(!insight.path("seasonality").path("seasonal").asBoolean(), insight.path("seasonality").toString());
        List<String> peaks = new ArrayList<>();
        insight.get("events").forEach(e -> peaks.add(e.get("peak_date").asText().substring(0, 7)));
        assertTrue(peaks.contains("2021-04") && peaks.contains("2024-12"), peaks.toString());
        insight.get("events").forEach(e -> assertTrue(e.get("words").asText().startsWith("A "), e.toString()));
        JsonNode test = insight.get("trend_test");
        assertTrue(test.get("method").asText().contains("Hamed-Rao"), test.toString());
        assertTrue(test.get("n_effective").asDouble() < test.get("n").asDouble() / 2, "weekly interest follows itself: " + test);
    }

    @Test
    void a_real_italian_monthly_export_is_read_and_judged() throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("industry", "insurance")
                .put("series_csv", judgedExport("allianz-prima-monthly-it"));
        body.putArray("keywords").add("Allianz").add("Prima Assicurazioni");
        JsonNode done = api.awaitFinal("/trends", api.start("/trends", body.toString()), Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals("monthly", done.get("granularity").asText());
        assertEquals(66, done.get("timeline").size());
        for (String keyword : List.of("Allianz", "Prima Assicurazioni")) {
            assertEquals("growing", done.get("insights").get("keywords").get(keyword).get("status").asText(), keyword);
        }
    }

    @Test
    void trends_offline_without_an_export_is_refused_at_the_start_saying_what_to_do() throws Exception {
        var reply = api.post("/trends", "{\"industry\":\"healthcare\",\"keywords\":[\"AI diagnostics\"]}");
        assertEquals(400, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("send it as series_csv"), reply.body());
    }
}
