package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.auth.LocalAuthorizer;
import com.keywordtrend.local.emulator.S3Emulator;
import com.keywordtrend.model.JobLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Results in S3 through the runner (issue 21), at the deployed thresholds (64 KB stored in the item,
 * 5 MB of JSON in a reply): trends jobs at the documented maximum, 50 keywords over five years of
 * daily pageviews, read from a local server answering as Wikipedia and Wikimedia's pageviews API do;
 * the real trends engine, the processors writing to the template's bucket on S3Mock through the
 * runner's IAM, the API reading it back or handing out a URL.
 */
class ResultsInS3Test {
    static final int DAYS = FiveYearsOfPageviews.DAYS;

    static FiveYearsOfPageviews wikimedia;
    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        wikimedia = new FiveYearsOfPageviews();
        runner = LocalRunner.start(TestRunners.live("ResultsInS3Test", wikimedia.sourceSettings()).auth(true));
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
        if (wikimedia != null) wikimedia.close();
    }

    /** A trends job of the first {@code count} keywords, each {@code length} characters long, over the five years daily. */
    static String startTrends(String token, int count, int length) throws Exception {
        ObjectNode body = FiveYearsOfPageviews.start(count, length);
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
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = ApiClient.JSON.readTree(poll(token, id).body());
            return List.of("COMPLETED", "FAILED").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    static int itemBytes(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToInt(e -> e.getKey().length() + com.keywordtrend.store.AttributeJson.storedSize(e.getValue())).sum();
    }

    @Test
    void a_2_mb_result_completes_in_the_bucket_its_item_stays_under_10_kb_and_its_owner_polls_it_whole() throws Exception {
        long started = System.nanoTime();
        String id = startTrends(alice, 50, 0);
        JsonNode done = awaitFinal(alice, id);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(DAYS, done.get("timeline").size(), "the whole result, read back from the bucket");
        assertEquals(50, done.get("timeline").get(DAYS - 1).get("values").size());
        assertTrue(done.get("insights").get("keywords").has(FiveYearsOfPageviews.keyword(50, 0)));
        var item = TestRunners.item(dynamoDb, id);
        long resultBytes = Long.parseLong(item.get("result_bytes").n());
        System.out.printf("S3 RUNNER 50 keywords x %d days: result %,d bytes as JSON, item %,d bytes, poll %,d bytes; started to COMPLETED in %.1f s%n",
                DAYS, resultBytes, itemBytes(item), done.toString().length(), seconds);
        assertTrue(resultBytes > 1_500_000 && resultBytes < 3_000_000, "~2 MB: " + resultBytes);
        assertTrue(item.get("s3_key").s().startsWith("results/"), item.keySet().toString());
        assertFalse(item.containsKey("timeline") || item.containsKey("insights"), "the result is not in the item");
        assertEquals(item.get("s3_key").s(), done.get("s3_key").asText(), "the poll shows s3_key, as the contract says");
        assertTrue(itemBytes(item) < 10 * 1024, itemBytes(item) + " bytes");

        assertEquals(404, poll(bob, id).statusCode());
        assertEquals(404, api.send("GET", "/jobs/" + id, null, "Authorization", bob).statusCode());
        JsonNode viaJobs = ApiClient.JSON.readTree(api.send("GET", "/jobs/" + id, null, "Authorization", alice).body());
        assertEquals(done.get("timeline"), viaJobs.get("timeline"));
        assertTrue(runner.iam().denied().isEmpty(), "every S3 call the template's roles allow: " + runner.iam().denied());
        assertTrue(runner.iam().calls().stream().anyMatch(c -> c.action().equals("s3:PutObject")
                && c.function().equals("TrendsProcessorFunction")), "the processor wrote it through IAM");
    }

    @Test
    void a_10_mb_result_is_a_result_url_that_downloads_it_and_another_owner_gets_404() throws Exception {
        long started = System.nanoTime();
        String id = startTrends(alice, 50, JobLimits.MAX_KEYWORD_LENGTH);
        JsonNode done = awaitFinal(alice, id);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        var item = TestRunners.item(dynamoDb, id);
        long resultBytes = Long.parseLong(item.get("result_bytes").n());
        assertFalse(done.has("timeline"), "over the reply limit: not inline");
        URI url = URI.create(done.get("result_url").asText());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode(), new String(got.body()));
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(got.body()))) {
                byte[] json = in.readAllBytes();
                JsonNode result = ApiClient.JSON.readTree(json);
                System.out.printf("S3 RUNNER 50 keywords of %d characters x %d days: result %,d bytes as JSON (%,d gzipped), item %,d bytes;"
                        + " started to COMPLETED in %.1f s%n", JobLimits.MAX_KEYWORD_LENGTH, DAYS, resultBytes, got.body().length,
                        itemBytes(item), seconds);
                assertEquals(resultBytes, json.length);
                assertEquals(DAYS, result.get("timeline").size());
                assertTrue(result.get("timeline").get(0).get("values").has(FiveYearsOfPageviews.keyword(1, JobLimits.MAX_KEYWORD_LENGTH)));
            }
        }
        assertTrue(resultBytes > 8_000_000 && resultBytes < 12_000_000, "~10 MB: " + resultBytes);
        assertTrue(itemBytes(item) < 10 * 1024, itemBytes(item) + " bytes");
        assertEquals(404, poll(bob, id).statusCode());
        assertEquals(404, api.send("GET", "/jobs/" + id, null, "Authorization", bob).statusCode());
        JsonNode viaJobs = ApiClient.JSON.readTree(api.send("GET", "/jobs/" + id, null, "Authorization", alice).body());
        assertEquals(done.get("result_url").isTextual(), viaJobs.get("result_url").isTextual());
    }

    @Test
    void a_result_just_under_the_reply_limit_is_answered_inline_within_lambdas_6_mb() throws Exception {
        String id = startTrends(alice, 50, 44); // names of 43 characters: just under 5 MB of JSON
        JsonNode done = awaitFinal(alice, id);
        long resultBytes = Long.parseLong(TestRunners.item(dynamoDb, id).get("result_bytes").n());
        HttpResponse<String> poll = poll(alice, id);
        int replyBytes = poll.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("S3 RUNNER at the reply limit: result %,d bytes as JSON, reply %,d bytes (the runner refuses a function response"
                + " past 6 MB, as Lambda does)%n", resultBytes, replyBytes);
        assertTrue(resultBytes > 4_500_000 && resultBytes <= com.keywordtrend.model.JobLimits.DEFAULT_REPLY_MAX_BYTES,
                "just under the limit: " + resultBytes);
        assertEquals(200, poll.statusCode(), "the response, escaped into the proxy's JSON, fits Lambda's 6 MB");
        assertEquals(DAYS, done.get("timeline").size(), "inline, whole");
    }

    @Test
    void a_bucket_unreachable_at_completion_never_leaves_a_job_completed_without_its_result() throws Exception {
        S3Emulator s3 = runner.s3();
        String id;
        s3.pause(); // frozen: every call hangs, as an unreachable S3
        java.time.Instant frozen = java.time.Instant.now();
        try {
            id = startTrends(alice, 50, 0);
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
        assertEquals(DAYS, done.get("timeline").size(), "completed with its whole result");
        assertTrue(TestRunners.item(dynamoDb, id).containsKey("s3_key"));
    }

    @Test
    void an_object_deleted_under_a_completed_job_is_a_410_failed_the_client_stops_on() throws Exception {
        String id = startTrends(alice, 50, 0);
        assertEquals("COMPLETED", awaitFinal(alice, id).get("status").asText());
        String key = TestRunners.item(dynamoDb, id).get("s3_key").s();
        // deleted behind the pipeline's back (an operator, a lifecycle rule shorter than the items'): straight at the emulator
        try (var s3 = com.keywordtrend.store.AwsClients.s3(java.util.Map.of(com.keywordtrend.store.AwsClients.S3_ENDPOINT, runner.s3().endpoint())::get,
                Duration.ofSeconds(5), com.keywordtrend.store.AwsClients.emulatorCredentials())) {
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
}
