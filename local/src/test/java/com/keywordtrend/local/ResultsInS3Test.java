package com.keywordtrend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Results in S3 through the runner (issue 21): the real trends engine, the processors writing to the
 * template's bucket on S3Mock through the runner's IAM, the API reading it back or handing out a URL.
 * The thresholds are lowered (a result of over 1 KB stored goes to the bucket; over 30 KB of JSON is
 * handed out) so that jobs within today's input bounds take both paths.
 */
class ResultsInS3Test {
    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(TestRunners.options("ResultsInS3Test").auth(true)
                .functionSetting("RESULTS_INLINE_MAX_BYTES", "1024").functionSetting("RESULTS_REPLY_MAX_BYTES", "30000"));
        api = new ApiClient(runner.apiBase());
        dynamoDb = TestRunners.dynamoDb(runner);
        LocalAuthorizer tokens = LocalAuthorizer.forProject(Path.of("..").toAbsolutePath().normalize());
        alice = "Bearer " + tokens.token("alice-" + UUID.randomUUID(), Duration.ofHours(1));
        bob = "Bearer " + tokens.token("bob-" + UUID.randomUUID(), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    /** A daily export of {@code keywords} over {@code days} days, as Google Trends writes it. */
    static String dailyExport(List<String> keywords, int days) {
        StringBuilder csv = new StringBuilder("Day");
        keywords.forEach(k -> csv.append(',').append(k).append(": (Worldwide)"));
        csv.append('\n');
        java.util.Random noise = new java.util.Random(days);
        for (int d = 0; d < days; d++) {
            csv.append(LocalDate.of(2024, 1, 1).plusDays(d));
            for (int k = 0; k < keywords.size(); k++) {
                csv.append(',').append(Math.max(0, Math.min(100, 40 + k * 5 + (int) (20 * Math.sin(d / 14.0 + k)) + noise.nextInt(9) - 4)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String startTrends(String token, List<String> keywords, int days) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("industry", "retail").put("series_csv", dailyExport(keywords, days));
        keywords.forEach(body.putArray("keywords")::add);
        HttpResponse<String> reply = api.send("POST", "/trends", body.toString(), "Authorization", token);
        assertEquals(200, reply.statusCode(), reply.body());
        return ApiClient.JSON.readTree(reply.body()).get("job_id").asText();
    }

    /** The contract's poll, as the owner {@code token} names. */
    static HttpResponse<String> poll(String token, String id) throws Exception {
        return api.send("POST", "/trends", "{\"job_id\":\"" + id + "\"}", "Authorization", token);
    }

    static JsonNode awaitFinal(String token, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = ApiClient.JSON.readTree(poll(token, id).body());
            return List.of("COMPLETED", "FAILED").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    @Test
    void a_result_in_the_bucket_is_polled_whole_by_its_owner_and_the_item_keeps_only_where_it_is() throws Exception {
        List<String> keywords = List.of("sofa", "armchair", "bookcase", "desk", "lamp");
        String id = startTrends(alice, keywords, 90);
        JsonNode done = awaitFinal(alice, id);
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(90, done.get("timeline").size(), "the whole result, read back from the bucket");
        assertTrue(done.get("insights").get("keywords").has("sofa"));
        var item = TestRunners.item(dynamoDb, id);
        assertTrue(item.get("s3_key").s().startsWith("results/"), item.keySet().toString());
        assertFalse(item.containsKey("timeline") || item.containsKey("insights"), "the result is not in the item");
        assertEquals(item.get("s3_key").s(), done.get("s3_key").asText(), "the poll shows s3_key, as the contract says");
        int itemBytes = item.entrySet().stream().mapToInt(e -> e.getKey().length()
                + com.keywordtrend.model.AttributeJson.storedSize(e.getValue())).sum();
        System.out.printf("S3 RUNNER item %d bytes, result %s bytes as JSON%n", itemBytes, item.get("result_bytes").n());
        assertTrue(itemBytes < 10 * 1024, itemBytes + " bytes");

        assertEquals(404, poll(bob, id).statusCode());
        assertEquals(404, api.send("GET", "/jobs/" + id, null, "Authorization", bob).statusCode());
        JsonNode viaJobs = ApiClient.JSON.readTree(api.send("GET", "/jobs/" + id, null, "Authorization", alice).body());
        assertEquals(done.get("timeline"), viaJobs.get("timeline"));
        assertTrue(runner.iam().denied().isEmpty(), "every S3 call the template's roles allow: " + runner.iam().denied());
        assertTrue(runner.iam().calls().stream().anyMatch(c -> c.action().equals("s3:PutObject")
                && c.function().equals("TrendsProcessorFunction")), "the processor wrote it through IAM");
    }

    @Test
    void a_bucket_unreachable_at_completion_never_leaves_a_job_completed_without_its_result() throws Exception {
        List<String> keywords = List.of("sofa", "armchair", "bookcase");
        S3Emulator s3 = runner.s3();
        String id;
        s3.pause(); // frozen: every call hangs, as an unreachable S3
        java.time.Instant frozen = java.time.Instant.now();
        try {
            id = startTrends(alice, keywords, 90);
            // the processor finishes its work and waits on the bucket: the job stays PROCESSING, never COMPLETED
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() ->
                    !"COMPLETED".equals(ApiClient.JSON.readTree(poll(alice, id).body()).path("status").asText()));
        } finally {
            s3.resume();
        }
        JsonNode done = awaitFinal(alice, id);
        System.out.printf("S3 FAULT bucket frozen %d s at completion: %s after the resume, attempts %d%n",
                Duration.between(frozen, java.time.Instant.now()).toSeconds(), done.get("status").asText(), TestRunners.attempts(dynamoDb, id));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(90, done.get("timeline").size(), "completed with its whole result");
        assertTrue(TestRunners.item(dynamoDb, id).containsKey("s3_key"));
    }

    @Test
    void an_object_deleted_under_a_completed_job_is_a_410_failed_the_client_stops_on() throws Exception {
        String id = startTrends(alice, List.of("sofa", "armchair"), 90);
        assertEquals("COMPLETED", awaitFinal(alice, id).get("status").asText());
        String key = TestRunners.item(dynamoDb, id).get("s3_key").s();
        // deleted behind the pipeline's back (an operator, a lifecycle rule shorter than the items'): straight at the emulator
        try (var s3 = com.keywordtrend.model.AwsClients.s3(java.util.Map.of(com.keywordtrend.model.AwsClients.S3_ENDPOINT, runner.s3().endpoint())::get,
                Duration.ofSeconds(5), com.keywordtrend.model.AwsClients.emulatorCredentials())) {
            s3.deleteObject(r -> r.bucket("resultsbucket").key(key));
        }
        HttpResponse<String> gone = poll(alice, id);
        assertEquals(410, gone.statusCode(), gone.body());
        JsonNode body = ApiClient.JSON.readTree(gone.body());
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("This job's result is no longer stored. Please start the job again.", body.get("message").asText());
        assertEquals(410, api.send("GET", "/jobs/" + id, null, "Authorization", alice).statusCode());
        assertEquals(404, api.send("GET", "/jobs/" + id, null, "Authorization", bob).statusCode(), "another owner learns nothing");
    }

    @Test
    void a_result_too_large_to_answer_is_a_url_that_downloads_it_and_another_owner_gets_404() throws Exception {
        List<String> keywords = List.of("sofa", "armchair", "bookcase", "desk", "lamp");
        String id = startTrends(alice, keywords, 365);
        JsonNode done = awaitFinal(alice, id);
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        System.out.printf("S3 RUNNER handed out: result %s bytes as JSON%n", TestRunners.item(dynamoDb, id).get("result_bytes").n());
        assertFalse(done.has("timeline"), "over the reply limit: not inline");
        URI url = URI.create(done.get("result_url").asText());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode(), new String(got.body()));
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(got.body()))) {
                JsonNode result = ApiClient.JSON.readTree(in);
                assertEquals(365, result.get("timeline").size());
            }
        }
        assertEquals(404, poll(bob, id).statusCode());
        assertEquals(404, api.send("GET", "/jobs/" + id, null, "Authorization", bob).statusCode());
    }
}
