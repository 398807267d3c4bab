package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.streams.StreamPoller;
import com.keywordtrend.model.Timestamps;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.RecordedApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Sources that answer as a bad day on the internet does, through the runner with the live engines:
 * a body that stalls after its headers, headers that never come, a 2 MB gzip body that inflates to
 * 2 GiB, a valid 20 MB list, a connection closed without an answer. Every job ends within its
 * budget + 10 s with the cause named in its {@code sources}, the processors' heap stays under 60 %,
 * and a job that meets none of it finishes as fast as it would alone.
 */
class HostileSourcesTest {
    static final int BUDGET_SECONDS = 20;
    static final Duration ENDS_WITHIN = Duration.ofSeconds(BUDGET_SECONDS + 10);
    static final String NAME = "HostileSourcesTest";
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");

    static RecordedApi sources;
    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        sources = new RecordedApi();
        String base = sources.base().toString();
        Map<String, String> settings = Map.of("DATAMUSE_URL", base, "WIKIPEDIA_URL", base, "AUTOCOMPLETE_URL", base,
                "WIKIMEDIA_URL", base, "KEYWORDS_TIME_BUDGET_SECONDS", Integer.toString(BUDGET_SECONDS),
                "TRENDS_TIME_BUDGET_SECONDS", Integer.toString(BUDGET_SECONDS));
        Duration timeout = Duration.ofSeconds(2L * BUDGET_SECONDS); // as template.yaml sizes it
        runner = LocalRunner.start(TestRunners.live(NAME, settings)
                .timeout("OrchestrateProcessorFunction", timeout).timeout("TrendsProcessorFunction", timeout));
        api = new ApiClient(runner.apiBase());
        dynamoDb = TestRunners.dynamoDb(runner);
        // the trends job's articles (queries are matched in the order given: these before the catch-alls below)
        sources.onQuery("search=withheld%20topic", Reply.json("[\"withheld topic\",[\"Withheld topic\"],[\"\"],[\"\"]]"));
        sources.onQuery("search=bomb%20topic", Reply.json("[\"bomb topic\",[\"Bomb topic\"],[\"\"],[\"\"]]"));
        // what a keyword job asks besides Datamuse answers well
        sources.onQuery("action=opensearch", Reply.fixture("wikipedia-opensearch.json"));
        sources.onQuery("list=search", Reply.fixture("wikipedia-morelike.json"));
        sources.on("/ac/", Reply.fixture("autocomplete.json"));
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
        if (sources != null) sources.close();
    }

    /** 2 GiB of zeros, gzipped: about 2 MB on the wire. */
    static byte[] gzipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 << 20);
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            for (int i = 0; i < 2048; i++) gzip.write(zeros);
        }
        return out.toByteArray();
    }

    /** A valid Datamuse answer of about 20 MB (the request asks for 40 results). */
    static byte[] twentyMegabyteList() {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; list.length() < 20 << 20; i++) {
            if (i > 0) list.append(',');
            list.append("{\"word\":\"term number ").append(i).append("\",\"score\":").append(100_000 - i % 1000).append(",\"tags\":[\"f:1.5\"]}");
        }
        return list.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String orchestrate(String industry) throws Exception {
        return api.start("/orchestrate", "{\"industry\":\"" + industry + "\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\"]}");
    }

    /** From the job's start to its last write, as the table has them. */
    static Duration took(String jobId) {
        var item = TestRunners.item(dynamoDb, jobId);
        return Duration.between(Timestamps.parse(item.get("created_at").s()), Timestamps.parse(item.get("updated_at").s()));
    }

    static Map<String, JsonNode> sourcesOf(JsonNode job, String key) {
        Map<String, JsonNode> byName = new HashMap<>();
        job.path("sources").forEach(s -> byName.put(s.path(key).asText(), s));
        return byName;
    }

    @Test
    void each_hostile_datamuse_answer_ends_its_job_within_budget_with_the_cause_named_and_others_run_as_fast_as_alone() throws Exception {
        // Datamuse's query names the industry (topics=…): each job meets its own kind of answer
        Reply plain = Reply.fixture("datamuse-ml.json");
        sources.onQuery("topics=calm", plain);
        sources.onQuery("topics=quiet", plain);
        sources.onQuery("topics=stalling", Reply.fixture("datamuse-ml.json").trickled(1_000));
        sources.onQuery("topics=bomb", new Reply(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), gzipBomb(), 0));
        sources.onQuery("topics=huge", new Reply(200, JSON, twentyMegabyteList(), 0));
        sources.onQuery("topics=closing", Reply.reset());

        String alone = orchestrate("calm");
        assertEquals("COMPLETED", api.awaitFinal("/orchestrate", alone, ENDS_WITHIN.plusSeconds(60)).path("status").asText());
        Duration aloneTook = took(alone);

        // the answers that end at once first, then the one that stalls with jobs started after it
        Map<String, String> causes = Map.of("bomb", "datamuse sent more than 1 MB", "huge", "datamuse sent more than 1 MB",
                "closing", "datamuse could not be reached", "stalling", "datamuse timed out");
        Map<String, String> hostile = new LinkedHashMap<>();
        for (String industry : List.of("bomb", "huge", "closing")) hostile.put(industry, orchestrate(industry));
        for (String industry : List.of("bomb", "huge", "closing")) api.awaitFinal("/orchestrate", hostile.get(industry), ENDS_WITHIN.plusSeconds(60));
        hostile.put("stalling", orchestrate("stalling"));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) after.add(orchestrate("quiet"));

        for (Map.Entry<String, String> job : hostile.entrySet()) {
            JsonNode done = api.awaitFinal("/orchestrate", job.getValue(), ENDS_WITHIN.plusSeconds(60));
            JsonNode datamuse = sourcesOf(done, "name").get("datamuse");
            Duration took = took(job.getValue());
            System.out.printf("HOSTILE %s: %s in %d ms, datamuse: %s%n", job.getKey(), done.path("status").asText(), took.toMillis(),
                    datamuse.path("error").asText());
            assertAll(job.getKey() + ": " + done,
                    () -> assertEquals("COMPLETED", done.path("status").asText(), "the other sources still answered"),
                    () -> assertEquals("failed", datamuse.path("status").asText()),
                    () -> assertEquals(causes.get(job.getKey()), datamuse.path("error").asText()),
                    () -> assertTrue(took.compareTo(ENDS_WITHIN) <= 0, "took " + took));
        }
        int stalledLane = StreamPoller.laneOfKeys(FaultsTest.keys(hostile.get("stalling")), 10);
        for (String id : after) {
            assertEquals("COMPLETED", api.awaitFinal("/orchestrate", id, ENDS_WITHIN.plusSeconds(60)).path("status").asText());
            Duration took = took(id);
            System.out.printf("HOSTILE a plain job after them: %d ms (alone: %d ms)%n", took.toMillis(), aloneTook.toMillis());
            // a job in the stalled job's lane waits for its batch, as it would in Lambda
            if (StreamPoller.laneOfKeys(FaultsTest.keys(id), 10) != stalledLane) {
                assertTrue(took.compareTo(aloneTook.plusSeconds(10)) <= 0, "took " + took + ", alone " + aloneTook);
            }
        }
        assertHeapUnder60Percent("orchestrate");
    }

    @Test
    void pageviews_that_withhold_headers_or_inflate_to_gigabytes_end_the_trends_job_within_budget_with_the_cause_named() throws Exception {
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Withheld_topic/",
                Reply.fixture("pageviews-monthly.json").delayed(120_000));
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Bomb_topic/",
                new Reply(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), gzipBomb(), 0));
        String id = api.start("/trends", "{\"industry\":\"media\",\"start_date\":\"2020-01-01\",\"end_date\":\"2020-05-01\","
                + "\"keywords\":[\"withheld topic\",\"bomb topic\"]}");
        JsonNode done = api.awaitFinal("/trends", id, ENDS_WITHIN.plusSeconds(60));
        Map<String, JsonNode> byKeyword = sourcesOf(done, "keyword");
        Duration took = took(id);
        System.out.printf("HOSTILE pageviews: %s in %d ms: %s%n", done.path("status").asText(), took.toMillis(), done.path("sources"));
        String everything = done.toString();
        assertAll(everything,
                () -> assertTrue(took.compareTo(ENDS_WITHIN) <= 0, "took " + took),
                () -> assertTrue(everything.contains("pageviews sent more than 4 MB"), "the bomb is named"),
                () -> assertTrue(everything.contains("pageviews timed out") || everything.contains("pageviews ran out of its time budget")
                        || everything.contains("waited for its turn past its time budget"), "the withheld headers are named"));
        assertTrue(byKeyword.size() <= 2, byKeyword.toString());
        assertHeapUnder60Percent("trends");
    }

    /** Every processor invocation's HeapPeak metric (its EMF line, by job type) under 60 % of the heap its 2 GB allow (85 %). */
    static void assertHeapUnder60Percent(String jobType) throws IOException {
        double heapMb = 2048 * 0.85;
        // the invocation publishes its metrics after its last job is written: awaited, not assumed
        double highest = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heapPeak(jobType), peak -> peak >= 0);
        System.out.printf("HOSTILE %s processor heap peak: %.0f MB of %.0f MB%n", jobType, highest, heapMb);
        assertTrue(highest <= 0.6 * heapMb, jobType + " heap peak " + highest + " MB");
    }

    /** The highest HeapPeak the processor of {@code jobType} logged, or -1 before its first. */
    static double heapPeak(String jobType) throws IOException {
        Pattern peak = Pattern.compile("\"HeapPeak\":([0-9.]+)");
        double highest = -1;
        for (String line : Files.readAllLines(Path.of("target/function-logs", NAME + ".log"))) {
            if (!line.contains("\"JobType\":\"" + jobType + "\"")) continue;
            Matcher m = peak.matcher(line);
            if (m.find()) highest = Math.max(highest, Double.parseDouble(m.group(1)));
        }
        return highest;
    }
}
