package com.keywordtrend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.AwsClients;
import com.keywordtrend.model.DynamoDbJobRepository;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.model.Timestamps;
import com.keywordtrend.processors.JobEngine;
import com.keywordtrend.processors.JobFailedException;
import com.keywordtrend.processors.JobStreamProcessor;
import com.keywordtrend.processors.OrchestrateProcessor;
import com.keywordtrend.processors.TrendsProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pipeline's own mechanics, end to end through the local runner: real HTTP, the template's
 * routes and stream mappings, Dynoxide's DynamoDB and Streams APIs. The processors run test
 * engines whose behaviour each job picks through its industry; processors time out after 5 s.
 */
class PipelineTest {
    static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(5);
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    static final List<String> EVENT_NAMES_SEEN = new CopyOnWriteArrayList<>();

    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;

    /** industry → what the engine does: "ok", "fail", "hang-once", "hang-always". */
    static final JobEngine TEST_ENGINE = (job, progress, deadline) -> {
        int run = RUNS.computeIfAbsent(job.jobId(), id -> new AtomicInteger()).incrementAndGet();
        String behaviour = job.data().path("industry").asText();
        progress.report(40, "testing");
        switch (behaviour) {
            case "fail" -> throw new JobFailedException("Nothing could be found for this industry. Try another one.");
            case "hang-always" -> hang();
            case "hang-once" -> {
                if (run == 1) hang();
            }
            default -> { }
        }
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.putArray("keywords").addObject().put("term", "test keyword").put("weight", 0.5);
        return results;
    };

    static void hang() {
        try {
            new CountDownLatch(1).await(); // until the runner's timeout interrupts it, as a frozen Lambda
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("invocation timed out");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(new LocalRunner.Options()
                .projectRoot(Path.of("..").toAbsolutePath().normalize())
                .apiPort(0)
                .parameter("SourcesOffline", "true")
                .timeout("OrchestrateProcessorFunction", PROCESSOR_TIMEOUT)
                .timeout("TrendsProcessorFunction", PROCESSOR_TIMEOUT)
                .handlers(PipelineTest::handler));
        api = new ApiClient(runner.apiBase());
        dynamoDb = AwsClients.dynamoDb(Settings.SYSTEM, Duration.ofSeconds(5));
    }

    static Object handler(String logicalId, String className) throws Exception {
        return switch (logicalId) {
            case "OrchestrateProcessorFunction" -> recording(new OrchestrateProcessor(processor(JobType.ORCHESTRATE)));
            case "TrendsProcessorFunction" -> recording(new TrendsProcessor(processor(JobType.TRENDS)));
            default -> LocalRunner.HandlerFactory.REFLECTIVE.create(logicalId, className);
        };
    }

    static JobStreamProcessor processor(JobType type) {
        return new JobStreamProcessor(type, TEST_ENGINE, repository(), JobPolicy.fromSettings(Settings.SYSTEM), Clock.systemUTC());
    }

    static JobRepository repository() {
        return new DynamoDbJobRepository(AwsClients.dynamoDb(Settings.SYSTEM, Duration.ofSeconds(5)),
                Settings.required(Settings.SYSTEM, "JOBS_TABLE_NAME"));
    }

    /** Notes the eventName of every record a processor receives, then hands the batch on. */
    static com.amazonaws.services.lambda.runtime.RequestHandler<DynamodbEvent, Object> recording(
            com.amazonaws.services.lambda.runtime.RequestHandler<DynamodbEvent, ?> inner) {
        return (event, context) -> {
            event.getRecords().forEach(r -> EVENT_NAMES_SEEN.add(r.getEventName()));
            return inner.handleRequest(event, context);
        };
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    static String startOrchestrate(String behaviour) throws Exception {
        return api.start("/orchestrate", "{\"industry\":\"" + behaviour + "\",\"usp\":\"testing\"}");
    }

    @Test
    void orchestrate_job_started_over_http_reaches_completed() throws Exception {
        String id = startOrchestrate("ok");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(20));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(100, done.get("progress").asInt());
        assertEquals("test keyword", done.get("keywords").get(0).get("term").asText());
    }

    @Test
    void trends_job_started_over_http_reaches_completed() throws Exception {
        String id = api.start("/trends", "{\"industry\":\"ok\",\"keywords\":[\"a\"]}");
        assertEquals("COMPLETED", api.awaitFinal("/trends", id, Duration.ofSeconds(20)).get("status").asText());
    }

    @Test
    void failing_job_ends_failed_with_its_message() throws Exception {
        String id = startOrchestrate("fail");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(20));
        assertEquals("FAILED", done.get("status").asText());
        assertEquals("Nothing could be found for this industry. Try another one.", done.get("message").asText());
        assertEquals(1, RUNS.get(id).get());
    }

    @Test
    void processor_that_dies_mid_job_completes_on_the_retry() throws Exception {
        String id = startOrchestrate("hang-once");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(30));
        assertEquals("COMPLETED", done.get("status").asText(), done.toString());
        assertEquals(2, RUNS.get(id).get());
    }

    @Test
    void processor_that_dies_on_every_attempt_ends_failed_never_stuck() throws Exception {
        String id = startOrchestrate("hang-always");
        JsonNode done = api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
        assertEquals("FAILED", done.get("status").asText(), done.toString());
        assertTrue(done.get("message").asText().contains("start it again"), done.toString());
        assertEquals(JobPolicy.fromSettings(Settings.SYSTEM).maxAttempts(), RUNS.get(id).get());
    }

    @Test
    void modify_records_never_reach_a_processor() throws Exception {
        String first = startOrchestrate("ok");
        api.awaitFinal("/orchestrate", first, Duration.ofSeconds(20));
        // progress and completion wrote MODIFY records; once a later job is done, the poller has passed them
        String second = startOrchestrate("ok");
        api.awaitFinal("/orchestrate", second, Duration.ofSeconds(20));
        assertTrue(EVENT_NAMES_SEEN.size() >= 2);
        assertEquals(Set.of("INSERT"), Set.copyOf(EVENT_NAMES_SEEN));
    }

    @Test
    void same_stream_record_delivered_twice_does_the_work_once() throws Exception {
        String id = startOrchestrate("ok");
        api.awaitFinal("/orchestrate", id, Duration.ofSeconds(20));
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("../events/stream/orchestrate-insert.json");
        event.getRecords().getFirst().getDynamodb().getKeys().put("job_id", new AttributeValue().withS(id));
        event.getRecords().getFirst().getDynamodb().getNewImage().put("job_id", new AttributeValue().withS(id));
        JobStreamProcessor processor = processor(JobType.ORCHESTRATE);
        var again = processor.process(event, new LocalContext("test", Duration.ofSeconds(30), 512));
        var andAgain = processor.process(event, new LocalContext("test", Duration.ofSeconds(30), 512));
        assertTrue(again.getBatchItemFailures().isEmpty() && andAgain.getBatchItemFailures().isEmpty());
        assertEquals(1, RUNS.get(id).get());
    }

    @Test
    void failed_batch_handler_reads_the_batch_back_from_the_stream_and_fails_its_jobs() throws Exception {
        // a job some processor claimed and never finished; the stream still holds its INSERT record
        String id = startOrchestrate("ok");
        api.awaitFinal("/orchestrate", id, Duration.ofSeconds(20));
        String other = api.start("/trends", "{\"industry\":\"hang-always\",\"keywords\":[\"a\"]}");
        String table = Settings.required(Settings.SYSTEM, "JOBS_TABLE_NAME");
        String streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        try (var streams = AwsClients.dynamoDbStreams(Settings.SYSTEM, Duration.ofSeconds(5))) {
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().getFirst().shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType("TRIM_HORIZON")).shardIterator();
            String sequence = null;
            while (sequence == null && iterator != null) {
                String current = iterator;
                var page = streams.getRecords(r -> r.shardIterator(current));
                for (var record : page.records()) {
                    if (record.eventNameAsString().equals("INSERT") && record.dynamodb().keys().get("job_id").s().equals(other)) {
                        sequence = record.dynamodb().sequenceNumber();
                    }
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            String message = "{\"requestContext\":{\"condition\":\"RetryAttemptsExhausted\"},\"DDBStreamBatchInfo\":{"
                    + "\"shardId\":\"" + shard + "\",\"startSequenceNumber\":\"" + sequence + "\",\"endSequenceNumber\":\""
                    + sequence + "\",\"batchSize\":1,\"streamArn\":\"" + streamArn + "\"}}";
            var sqs = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
            var m = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
            m.setMessageId("m-1");
            m.setBody(message);
            sqs.setRecords(List.of(m));
            var reply = (com.amazonaws.services.lambda.runtime.events.SQSBatchResponse)
                    runner.function("FailedBatchFunction").orElseThrow().invoke(sqs);
            assertTrue(reply.getBatchItemFailures().isEmpty());
        }
        JsonNode failed = api.poll("/trends", other);
        assertEquals("FAILED", failed.get("status").asText(), failed.toString());
        assertEquals("COMPLETED", api.poll("/orchestrate", id).get("status").asText(), "a finished job is left alone");
    }

    @Test
    void start_writes_expires_at_seven_days_after_created_at() throws Exception {
        String id = startOrchestrate("ok");
        var item = dynamoDb.getItem(r -> r.tableName(Settings.required(Settings.SYSTEM, "JOBS_TABLE_NAME"))
                .key(Map.of("job_id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        long created = Timestamps.parse(item.get("created_at").s()).getEpochSecond();
        assertEquals(created + Duration.ofDays(7).toSeconds(), Long.parseLong(item.get("expires_at").n()));
        assertEquals("orchestrate", item.get("job_type").s());
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
