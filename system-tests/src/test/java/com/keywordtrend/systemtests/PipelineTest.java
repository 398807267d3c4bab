package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.JOBS_TABLE;
import static com.keywordtrend.systemtests.TestRunners.attempts;
import static com.keywordtrend.systemtests.TestRunners.item;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The pipeline's own mechanics, end to end through the local runner: real HTTP, the template's
 * routes and stream mappings, Dynoxide's DynamoDB and Streams APIs, every function in its own JVM.
 * The processors run the real engines behind a fault injector that each job drives through its
 * industry ({@code fault:<fault>|<industry>}); processors time out after 5 s.
 */
class PipelineTest {
    static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(5);

    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        // prewarmed, as run.sh does: the on-failure test must act on a 3 s job (the processors' 5 s timeout)
        // before it ends, with no cold start between
        runner = LocalRunner.start(TestRunners.withFaults("PipelineTest").prewarm(true)
                .timeout("OrchestrateProcessorFunction", PROCESSOR_TIMEOUT)
                .timeout("TrendsProcessorFunction", PROCESSOR_TIMEOUT));
        api = new ApiClient(runner.apiBase());
        dynamoDb = TestRunners.dynamoDb(runner);
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    static String startOrchestrate(String industry) throws Exception {
        return api.start("/orchestrate", "{\"industry\":\"" + industry + "\",\"usp\":\"AI-powered diagnostics\"}");
    }

    @Test
    void orchestrate_job_started_over_http_reaches_completed() throws Exception {
        String id = startOrchestrate("healthcare");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(100, done.get("progress").asInt());
        assertTrue(done.get("keywords").size() > 0, done.toString());
        assertEquals(1, attempts(dynamoDb, id));
    }

    @Test
    void failing_job_ends_failed_with_its_message_after_one_attempt() throws Exception {
        String id = startOrchestrate("fault:fail|healthcare");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        assertEquals("FAILED", done.get("status").asText());
        assertEquals("Nothing could be found for this industry. Try another one.", done.get("message").asText());
        assertEquals(1, attempts(dynamoDb, id));
    }

    @Test
    void processor_that_times_out_mid_job_is_killed_and_the_job_completes_on_the_retry() throws Exception {
        LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
        String id = startOrchestrate("fault:hang-once|healthcare");
        // the environment that hangs on the first attempt
        await().atMost(Duration.ofSeconds(30)).until(() -> !processor.busyPids().isEmpty()
                && "PROCESSING".equals(item(dynamoDb, id).get("status").s()));
        long hung = processor.busyPids().getFirst();
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(2, attempts(dynamoDb, id));
        assertTrue(!processor.environmentPids().contains(hung), "the timed-out environment was killed");
    }

    @Test
    void processor_that_dies_on_every_attempt_ends_failed_never_stuck() throws Exception {
        String id = startOrchestrate("fault:hang-always|healthcare");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(90));
        assertEquals("FAILED", done.get("status").asText(), done.toString());
        assertTrue(done.get("message").asText().contains("start it again"), done.toString());
        assertEquals(JobPolicy.DEFAULT.maxAttempts(), attempts(dynamoDb, id));
    }

    @Test
    void modify_records_never_reach_a_processor() throws Exception {
        String first = startOrchestrate("healthcare");
        api.awaitFinal("/orchestrate", first, Duration.ofSeconds(60));
        // progress, heartbeats and completion wrote MODIFY records; once a later job is done, the poller has passed them
        String second = startOrchestrate("healthcare");
        api.awaitFinal("/orchestrate", second, Duration.ofSeconds(60));
        Set<String> eventNames = new HashSet<>();
        for (String event : runner.function("OrchestrateProcessorFunction").orElseThrow().events()) {
            ApiClient.JSON.readTree(event).path("Records").forEach(r -> eventNames.add(r.path("eventName").asText()));
        }
        assertEquals(Set.of("INSERT"), eventNames);
    }

    @Test
    void same_stream_record_delivered_twice_does_the_work_once() throws Exception {
        String id = startOrchestrate("healthcare");
        api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        String updatedAt = item(dynamoDb, id).get("updated_at").s();
        ObjectNode event = (ObjectNode) ApiClient.JSON.readTree(Files.readString(Path.of("../events/stream/orchestrate-insert.json")));
        ObjectNode record = (ObjectNode) event.get("Records").get(0).get("dynamodb");
        ((ObjectNode) record.get("Keys").get("job_id")).put("S", id);
        ((ObjectNode) record.get("NewImage").get("job_id")).put("S", id);
        LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
        for (int delivery = 0; delivery < 2; delivery++) {
            JsonNode reply = ApiClient.JSON.readTree(processor.invoke(event.toString()));
            assertEquals(0, reply.path("batchItemFailures").size(), reply.toString());
        }
        assertEquals(1, attempts(dynamoDb, id));
        assertEquals(updatedAt, item(dynamoDb, id).get("updated_at").s(), "nothing was written again");
    }

    @Test
    void on_failure_message_leaves_other_job_types_and_live_leases_alone() throws Exception {
        // the trends job fails by itself first (a live lease of its own would rightly be asked about again)
        String trends = api.start("/trends", TestRunners.trendsWithExport("fault:fail|healthcare", "a"));
        assertEquals("FAILED", api.awaitFinal("/trends", trends, Duration.ofSeconds(30)).path("status").asText());
        String streamArn = dynamoDb.describeTable(r -> r.tableName(JOBS_TABLE)).table().latestStreamArn();
        LocalFunction handler = runner.function("FailedBatchFunction").orElseThrow();
        // a batch whose job has already ended is acknowledged; this also warms the handler's reads, so the
        // calls below fit in the 3 s job's lifetime on a loaded machine (a CI run saw it end first)
        JsonNode ended = ApiClient.JSON.readTree(handler.invoke(onFailureMessage("TrendsProcessorFunction", streamArn,
                insertSequenceNumbers(runner, streamArn, List.of(trends)))));
        assertEquals(0, ended.path("batchItemFailures").size(), ended.toString());

        String working = startOrchestrate("fault:slow:3|healthcare");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "PROCESSING".equals(api.poll("/orchestrate", working).path("status").asText()));
        List<String> range = insertSequenceNumbers(runner, streamArn, List.of(working, trends));

        // a trends batch spanning the orchestrate job's record: not its job
        JsonNode reply = ApiClient.JSON.readTree(handler.invoke(onFailureMessage("TrendsProcessorFunction", streamArn, range)));
        assertEquals(0, reply.path("batchItemFailures").size(), reply.toString());
        assertEquals("PROCESSING", api.poll("/orchestrate", working).path("status").asText());

        // an orchestrate batch whose job is still held under a live lease: left to its holder, asked again later
        reply = ApiClient.JSON.readTree(handler.invoke(onFailureMessage("OrchestrateProcessorFunction", streamArn, range)));
        assertEquals(1, reply.path("batchItemFailures").size(), reply.toString());
        assertEquals("COMPLETED", api.awaitFinal("/orchestrate", working, Duration.ofSeconds(60)).path("status").asText());
    }

    /** The shard, and the sequence numbers of the first and last INSERT records of {@code jobIds}. */
    static List<String> insertSequenceNumbers(LocalRunner runner, String streamArn, List<String> jobIds) throws Exception {
        try (DynamoDbStreamsClient streams = com.keywordtrend.store.AwsClients.dynamoDbStreams(
                java.util.Map.of(com.keywordtrend.store.AwsClients.ENDPOINT, runner.dynamoDbEndpoint(), "AWS_REGION", "us-east-1")::get,
                Duration.ofSeconds(5), com.keywordtrend.store.AwsClients.emulatorCredentials())) {
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().getFirst().shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<String> found = new java.util.ArrayList<>();
            while (iterator != null && found.size() < jobIds.size()) {
                String current = iterator;
                var page = streams.getRecords(r -> r.shardIterator(current));
                for (var record : page.records()) {
                    if (record.eventNameAsString().equals("INSERT") && jobIds.contains(record.dynamodb().keys().get("job_id").s())) {
                        found.add(record.dynamodb().sequenceNumber());
                    }
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            return List.of(shard, found.getFirst(), found.getLast());
        }
    }

    static String onFailureMessage(String function, String streamArn, List<String> range) {
        String body = "{\"requestContext\":{\"condition\":\"RetryAttemptsExhausted\",\"functionArn\":\""
                + LocalFunction.arn(function) + "\"},\"DDBStreamBatchInfo\":{\"shardId\":\"" + range.get(0)
                + "\",\"startSequenceNumber\":\"" + range.get(1) + "\",\"endSequenceNumber\":\"" + range.get(2)
                + "\",\"batchSize\":2,\"streamArn\":\"" + streamArn + "\"}}";
        ObjectNode event = ApiClient.JSON.createObjectNode();
        event.putArray("Records").addObject().put("messageId", "m-" + function).put("body", body).put("eventSource", "aws:sqs");
        return event.toString();
    }

    @Test
    void cancelling_a_running_job_stops_its_processor_within_2_s_and_nothing_more_is_written() throws Exception {
        // a warm environment first: an environment's first job, on a loaded machine, was claimed so late in the
        // processor's 5 s timeout that the timeout, not the cancel, ended the invocation, and its record came back
        api.awaitFinal("/orchestrate", startOrchestrate("fault:instant|healthcare"), Duration.ofSeconds(30));
        String id = startOrchestrate("fault:slow:30|healthcare");
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROCESSING".equals(api.poll("/orchestrate", id).path("status").asText()));
        LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
        var reply = api.delete("/jobs/" + id);
        java.time.Instant cancelledAt = java.time.Instant.now();
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode body = ApiClient.JSON.readTree(reply.body());
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("Cancelled", body.get("message").asText());
        assertTrue(body.get("cancelled").asBoolean());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> processor.busyPids().isEmpty());
        System.out.printf("CANCEL processor idle %d ms after the DELETE%n", Duration.between(cancelledAt, java.time.Instant.now()).toMillis());
        String updatedAt = item(dynamoDb, id).get("updated_at").s();
        int invocations = processor.invocations();
        // nothing of the cancelled attempt may land later, and the job is not retried
        String later = startOrchestrate("fault:instant|healthcare");
        api.awaitFinal("/orchestrate", later, Duration.ofSeconds(30));
        assertEquals(updatedAt, item(dynamoDb, id).get("updated_at").s());
        assertEquals("Cancelled", api.poll("/orchestrate", id).path("message").asText());
        assertEquals(invocations + 1, processor.invocations(), "only the later job's record was delivered since");
    }

    @Test
    void repeated_start_under_one_idempotency_key_makes_one_job_and_one_stream_record() throws Exception {
        String body = "{\"industry\":\"fault:instant|healthcare\",\"usp\":\"retried by a flaky network\"}";
        String key = UUID.randomUUID().toString();
        var first = api.post("/orchestrate", body, "Idempotency-Key", key);
        String id = ApiClient.JSON.readTree(first.body()).get("job_id").asText();
        api.awaitFinal("/orchestrate", id, Duration.ofSeconds(30));
        var again = api.post("/orchestrate", body, "Idempotency-Key", key);
        assertEquals(200, again.statusCode());
        assertEquals(id, ApiClient.JSON.readTree(again.body()).get("job_id").asText());
        assertEquals("COMPLETED", ApiClient.JSON.readTree(again.body()).get("status").asText(), "the job as it is now");
        // a later job's record has been delivered: had the repeat written a record, it would have been too
        api.awaitFinal("/orchestrate", startOrchestrate("fault:instant|healthcare"), Duration.ofSeconds(30));
        long deliveries = runner.function("OrchestrateProcessorFunction").orElseThrow().events().stream()
                .filter(e -> e.contains(id)).count();
        assertEquals(1, deliveries);
        assertEquals(422, api.post("/orchestrate", body.replace("flaky", "other"), "Idempotency-Key", key).statusCode());
    }

    @Test
    void start_writes_expires_at_seven_days_after_created_at() throws Exception {
        String id = startOrchestrate("fault:instant|healthcare");
        var item = item(dynamoDb, id);
        long created = Timestamps.parse(item.get("created_at").s()).getEpochSecond();
        assertEquals(created + Duration.ofDays(7).toSeconds(), Long.parseLong(item.get("expires_at").n()));
        assertEquals("orchestrate", item.get("job_type").s());
        assertNotEquals(null, item.get("status"));
    }

    @Test
    void bad_input_over_http_is_4xx_json_with_cors_never_5xx() throws Exception {
        for (String body : List.of("not json", "[]", "{\"industry\":1}", "{\"job_id\":\"x\"}", "")) {
            var reply = api.post("/orchestrate", body);
            assertEquals(400, reply.statusCode(), body);
            assertEquals("*", reply.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("FAILED", ApiClient.JSON.readTree(reply.body()).get("status").asText());
        }
        assertEquals(404, api.post("/orchestrate", "{\"job_id\":\"00000000-0000-4000-8000-000000000000\"}").statusCode());
    }
}
