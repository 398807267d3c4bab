package com.keywordtrend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client contract (docs/contract.md, api/openapi.yaml), one rule per test, through the handlers with the events under events/api. */
class JobApiHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final UUID FIXED_ID = UUID.fromString("3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");

    InMemoryJobRepository repository;
    OrchestrateHandler orchestrate;
    TrendsHandler trends;

    @BeforeEach
    void setUp() {
        repository = new InMemoryJobRepository();
        JobService service = new JobService(repository, JobPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), UUID::randomUUID);
        orchestrate = new OrchestrateHandler(service, new Cors("*"), new Caller(true));
        trends = new TrendsHandler(service, new Cors("*"), new Caller(true));
    }

    static APIGatewayProxyRequestEvent event(String name) {
        return EventLoader.loadApiGatewayRestEvent("../events/api/" + name);
    }

    static APIGatewayProxyRequestEvent post(String path, String body) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path).withBody(body);
    }

    static JsonNode body(APIGatewayProxyResponseEvent reply) throws Exception {
        return JSON.readTree(reply.getBody());
    }

    @Test
    void orchestrate_start_returns_pending_job_id_and_message_at_once() throws Exception {
        var reply = orchestrate.handle(event("orchestrate-start.json"));
        assertEquals(200, reply.getStatusCode());
        JsonNode body = body(reply);
        assertEquals("PENDING", body.get("status").asText());
        assertEquals("Job started, poll for results", body.get("message").asText());
        UUID.fromString(body.get("job_id").asText());
    }

    @Test
    void start_writes_one_pending_item_and_reads_nothing() throws Exception {
        String id = body(orchestrate.handle(event("orchestrate-start.json"))).get("job_id").asText();
        assertEquals(1, repository.writes.get());
        assertEquals(0, repository.reads.get());
        Job job = repository.find(id).orElseThrow();
        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(JobType.ORCHESTRATE, job.type());
        assertEquals("AI-powered diagnostics", job.data().get("usp").asText());
        assertEquals(2, job.data().get("key_services").size());
    }

    @Test
    void start_sets_expires_at_to_created_at_plus_seven_days() throws Exception {
        String id = body(orchestrate.handle(event("orchestrate-start.json"))).get("job_id").asText();
        Job job = repository.find(id).orElseThrow();
        assertEquals(NOW, job.createdAt());
        assertEquals(NOW.plus(Duration.ofDays(7)), job.expiresAt());
    }

    @Test
    void orchestrate_start_without_key_services_defaults_to_empty_list() throws Exception {
        String id = body(orchestrate.handle(post("/orchestrate", "{\"industry\":\"retail\",\"usp\":\"same-day delivery\"}")))
                .get("job_id").asText();
        JsonNode services = repository.find(id).orElseThrow().data().get("key_services");
        assertTrue(services.isArray() && services.isEmpty());
    }

    @Test
    void orchestrate_start_keeps_an_optional_location_and_refuses_a_bad_one_with_nothing_written() throws Exception {
        String id = body(orchestrate.handle(post("/orchestrate",
                "{\"industry\":\"plumbing\",\"usp\":\"emergency plumbers\",\"location\":\"Shoreditch\"}"))).get("job_id").asText();
        assertEquals("Shoreditch", repository.find(id).orElseThrow().data().get("location").asText());
        String without = body(orchestrate.handle(post("/orchestrate", "{\"industry\":\"plumbing\",\"usp\":\"emergency plumbers\"}")))
                .get("job_id").asText();
        assertTrue(repository.find(without).orElseThrow().data().path("location").isMissingNode(), "the old client's body stores no location");
        int writes = repository.writes.get();
        var tooLong = orchestrate.handle(post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\",\"location\":\"" + "x".repeat(101) + "\"}"));
        assertEquals("location must be at most 100 characters", body(tooLong).get("message").asText());
        var notText = orchestrate.handle(post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\",\"location\":[\"Leeds\"]}"));
        assertEquals(400, notText.getStatusCode());
        var control = orchestrate.handle(post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\",\"location\":\"Leeds\\u0007\"}"));
        assertEquals(400, control.getStatusCode());
        assertEquals(writes, repository.writes.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"usp\":\"x\"}", "{\"industry\":\"x\"}", "{\"industry\":null,\"usp\":\"x\"}",
            "{\"industry\":\"x\",\"usp\":\"\"}", "{\"industry\":\"  \",\"usp\":\"x\"}", "{}"})
    void orchestrate_start_missing_industry_or_usp_is_400_with_contract_message(String body) throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", body));
        assertEquals(400, reply.getStatusCode());
        assertEquals("{\"status\":\"FAILED\",\"message\":\"Missing required fields: industry and usp\"}", reply.getBody());
        assertEquals(0, repository.writes.get());
    }

    @Test
    void orchestrate_start_missing_usp_fixture_is_400() {
        assertEquals(400, orchestrate.handle(event("orchestrate-start-missing-usp.json")).getStatusCode());
    }

    @Test
    void trends_start_returns_pending_and_job_id() throws Exception {
        JsonNode body = body(trends.handle(event("trends-start.json")));
        assertEquals("PENDING", body.get("status").asText());
        assertNotNull(body.get("job_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"industry\":\"x\",\"keywords\":[]}", "{\"industry\":\"x\"}", "{\"keywords\":[\"a\"]}",
            "{\"industry\":\"x\",\"keywords\":[\"  \"]}"})
    void trends_start_missing_industry_or_empty_keywords_is_400_with_contract_message(String body) {
        var reply = trends.handle(post("/trends", body));
        assertEquals(400, reply.getStatusCode());
        assertEquals("{\"status\":\"FAILED\",\"message\":\"Missing required fields: industry and keywords\"}", reply.getBody());
    }

    @Test
    void trends_start_accepts_the_orchestrate_output_as_keywords() throws Exception {
        String id = body(trends.handle(event("trends-start-weighted.json"))).get("job_id").asText();
        JsonNode keywords = repository.find(id).orElseThrow().data().get("keywords");
        assertEquals("[\"AI diagnostics\",\"medical imaging\"]", keywords.toString());
    }

    @Test
    void trends_start_keeps_a_google_trends_csv_export() throws Exception {
        String id = body(trends.handle(event("trends-start-csv.json"))).get("job_id").asText();
        assertTrue(repository.find(id).orElseThrow().data().get("series_csv").asText().startsWith("Category"));
    }

    @Test
    void poll_returns_404_for_unknown_job() {
        var reply = orchestrate.handle(event("orchestrate-poll.json"));
        assertEquals(404, reply.getStatusCode());
        assertEquals("{\"status\":\"FAILED\",\"message\":\"Job " + FIXED_ID + " not found\"}", reply.getBody());
    }

    @Test
    void poll_of_a_trends_job_on_orchestrate_is_404() throws Exception {
        String id = body(trends.handle(event("trends-start.json"))).get("job_id").asText();
        assertEquals(404, orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + id + "\"}")).getStatusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"job_id\":\"not-a-uuid\"}", "{\"job_id\":42}", "{\"job_id\":null}", "{\"job_id\":\"\"}"})
    void poll_with_malformed_job_id_is_400(String body) throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", body));
        assertEquals(400, reply.getStatusCode());
        assertEquals("FAILED", body(reply).get("status").asText());
    }

    @Test
    void body_with_job_id_and_other_keys_is_a_start() {
        var reply = orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + FIXED_ID + "\",\"industry\":\"x\"}"));
        assertEquals(400, reply.getStatusCode());
        assertTrue(reply.getBody().contains("Missing required fields: industry and usp"));
    }

    @Test
    void poll_returns_status_progress_stage_and_timestamps_while_pending() throws Exception {
        String id = body(orchestrate.handle(event("orchestrate-start.json"))).get("job_id").asText();
        JsonNode body = body(orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + id + "\"}")));
        assertEquals("PENDING", body.get("status").asText());
        assertEquals(id, body.get("job_id").asText());
        assertEquals(0, body.get("progress").asInt());
        assertEquals("queued", body.get("stage").asText());
        assertEquals("2026-11-28T10:00:00.000Z", body.get("created_at").asText());
        assertNotNull(body.get("updated_at"));
        assertFalse(body.has("keywords"));
    }

    @Test
    void poll_of_completed_orchestrate_job_returns_weighted_keywords() throws Exception {
        Job job = completedJob(JobType.ORCHESTRATE, "{\"keywords\":[{\"term\":\"AI diagnostics\",\"weight\":0.95}],\"query_id\":\"q-1\"}");
        JsonNode body = body(orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + job.jobId() + "\"}")));
        assertEquals("COMPLETED", body.get("status").asText());
        assertEquals(100, body.get("progress").asInt());
        assertEquals("AI diagnostics", body.get("keywords").get(0).get("term").asText());
        assertEquals(0.95, body.get("keywords").get(0).get("weight").asDouble());
        assertEquals("q-1", body.get("query_id").asText());
        assertFalse(body.has("message"));
    }

    @Test
    void poll_of_completed_trends_job_returns_timeline_by_date_and_insights() throws Exception {
        Job job = completedJob(JobType.TRENDS, "{\"keywords\":[\"a\",\"b\"],\"timeline\":{\"dates\":[\"2025-01-01\",\"2025-02-01\"],"
                + "\"series\":{\"a\":[54,null],\"b\":[34,100]}},\"insights\":{\"summary\":{}}}");
        JsonNode body = body(trends.handle(post("/trends", "{\"job_id\":\"" + job.jobId() + "\"}")));
        assertEquals("[{\"date\":\"2025-01-01\",\"values\":{\"a\":54,\"b\":34}},{\"date\":\"2025-02-01\",\"values\":{\"a\":null,\"b\":100}}]",
                body.get("timeline").toString());
        assertTrue(body.get("insights").isObject());
        assertEquals("[\"a\",\"b\"]", body.get("keywords").toString());
    }

    @Test
    void poll_of_failed_job_says_why() throws Exception {
        Job failed = completedJob(JobType.ORCHESTRATE, "{}").withStatus(JobStatus.FAILED, "No keyword source answered.");
        repository.put(failed);
        JsonNode body = body(orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + failed.jobId() + "\"}")));
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("No keyword source answered.", body.get("message").asText());
    }

    @Test
    void poll_of_a_job_never_picked_up_answers_failed_not_pending_forever() throws Exception {
        Job stale = Job.pending(UUID.randomUUID().toString(), JobType.ORCHESTRATE, Job.ANONYMOUS, NOW.minus(Duration.ofHours(2)),
                JobPolicy.DEFAULT, JSON.createObjectNode());
        repository.put(stale);
        JsonNode body = body(orchestrate.handle(post("/orchestrate", "{\"job_id\":\"" + stale.jobId() + "\"}")));
        assertEquals("FAILED", body.get("status").asText());
        assertTrue(body.get("message").asText().contains("start it again"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orchestrate-not-json.json", "orchestrate-array-body.json", "orchestrate-wrong-types.json"})
    void malformed_body_is_400_without_exception_text(String fixture) throws Exception {
        var reply = orchestrate.handle(event(fixture));
        assertEquals(400, reply.getStatusCode());
        JsonNode body = body(reply);
        assertEquals("FAILED", body.get("status").asText());
        String message = body.get("message").asText();
        assertFalse(message.contains("Exception") || message.contains("at ") || message.contains("jackson"), message);
    }

    @Test
    void wrongly_typed_field_is_named_in_the_400() throws Exception {
        var reply = orchestrate.handle(event("orchestrate-wrong-types.json"));
        assertEquals("industry must be a string", body(reply).get("message").asText());
    }

    @Test
    void empty_body_is_400() {
        assertEquals(400, orchestrate.handle(post("/orchestrate", null)).getStatusCode());
        assertEquals(400, orchestrate.handle(post("/orchestrate", "null")).getStatusCode());
    }

    @Test
    void body_over_256_kb_is_400() throws Exception {
        String big = "{\"industry\":\"x\",\"usp\":\"" + "a".repeat(300 * 1024) + "\"}";
        var reply = orchestrate.handle(post("/orchestrate", big));
        assertEquals(400, reply.getStatusCode());
        assertTrue(body(reply).get("message").asText().contains("larger than"));
    }

    @Test
    void too_long_or_too_many_inputs_are_400_each_with_its_reason() throws Exception {
        var longIndustry = orchestrate.handle(post("/orchestrate", "{\"industry\":\"" + "x".repeat(201) + "\",\"usp\":\"y\"}"));
        assertEquals("industry must be at most 200 characters", body(longIndustry).get("message").asText());
        StringBuilder services = new StringBuilder("[");
        for (int i = 0; i < 21; i++) services.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        var manyServices = orchestrate.handle(post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\",\"key_services\":" + services + "]}"));
        assertEquals("key_services must have at most 20 items", body(manyServices).get("message").asText());
        StringBuilder keywords = new StringBuilder("[");
        for (int i = 0; i < 51; i++) keywords.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        var manyKeywords = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":" + keywords + "]}"));
        assertEquals("keywords must have at most 50 items", body(manyKeywords).get("message").asText());
    }

    @Test
    void trends_period_and_granularity_are_checked() throws Exception {
        var granularity = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":[\"a\"],\"granularity\":\"hourly\"}"));
        assertEquals("granularity must be one of monthly, weekly, daily", body(granularity).get("message").asText());
        var order = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":[\"a\"],\"start_date\":\"2025-02-01\",\"end_date\":\"2025-01-01\"}"));
        assertEquals("start_date must be before end_date", body(order).get("message").asText());
        var tooLong = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":[\"a\"],\"granularity\":\"daily\",\"start_date\":\"2020-01-01\",\"end_date\":\"2025-01-01\"}"));
        assertEquals(400, tooLong.getStatusCode());
        var badDate = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":[\"a\"],\"start_date\":\"January\"}"));
        assertEquals("start_date must be a date like 2025-01-31", body(badDate).get("message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"orchestrate-start.json", "orchestrate-poll.json", "orchestrate-not-json.json",
            "orchestrate-preflight.json", "orchestrate-wrong-types.json"})
    void every_reply_has_json_and_cors_headers(String fixture) {
        assertCorsHeaders(orchestrate.handle(event(fixture)));
    }

    @Test
    void preflight_succeeds_with_cors_headers_on_both_paths() {
        var o = orchestrate.handle(event("orchestrate-preflight.json"));
        var t = trends.handle(event("trends-preflight.json"));
        assertEquals(200, o.getStatusCode());
        assertEquals(200, t.getStatusCode());
        assertCorsHeaders(o);
        assertCorsHeaders(t);
        assertEquals(0, repository.writes.get() + repository.reads.get());
    }

    @Test
    void allowed_origin_comes_from_configuration() {
        JobService service = new JobService(repository, JobPolicy.DEFAULT, Clock.systemUTC(), UUID::randomUUID);
        var reply = new OrchestrateHandler(service, new Cors("https://app.example.com"), new Caller(true)).handle(event("orchestrate-preflight.json"));
        assertEquals("https://app.example.com", reply.getHeaders().get("Access-Control-Allow-Origin"));
    }

    @Test
    void store_throttling_is_503_with_retry_after_and_no_job_lost() throws Exception {
        repository.failure = () -> new JobStoreUnavailableException("PutItem throttled", null);
        var reply = orchestrate.handle(event("orchestrate-start.json"));
        assertEquals(503, reply.getStatusCode());
        assertEquals("2", reply.getHeaders().get("Retry-After"));
        assertCorsHeaders(reply);
    }

    @Test
    void a_result_gone_from_its_bucket_is_410_failed_so_the_client_stops_polling() throws Exception {
        repository.failure = () -> new com.keywordtrend.model.ResultObjectMissingException("00000000-0000-4000-8000-000000000000");
        var reply = orchestrate.handle(event("orchestrate-poll.json"));
        assertEquals(410, reply.getStatusCode());
        JsonNode body = body(reply);
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("This job's result is no longer stored. Please start the job again.", body.get("message").asText());
        assertFalse(body.toString().contains("00000000-0000-4000-8000-000000000000"), "no internals in the reply");
        assertCorsHeaders(reply);
    }

    @Test
    void busy_store_on_a_poll_never_reads_as_a_final_status() throws Exception {
        repository.failure = () -> new JobStoreUnavailableException("GetItem throttled", null);
        JsonNode body = body(orchestrate.handle(event("orchestrate-poll.json")));
        // the seed client stops polling at FAILED: a busy store must not say so
        assertFalse(body.has("status"), body.toString());
        assertTrue(body.get("retryable").asBoolean());
        assertTrue(body.get("message").asText().contains("retry"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"industry\":\"healthcare\",\"usp\":\"AI\",\"key_services\":[\"imaging\\u0007\"]}",
            "{\"industry\":\"healthcare\",\"usp\":\"AI\",\"key_services\":[\"a\\u001b[31mred\"]}"})
    void control_characters_in_key_services_are_400(String body) throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", body));
        assertEquals(400, reply.getStatusCode());
        assertEquals("each of key_services must be free of control characters", body(reply).get("message").asText());
        assertEquals(0, repository.writes.get());
    }

    @Test
    void control_characters_in_trend_keywords_are_400() throws Exception {
        var reply = trends.handle(post("/trends", "{\"industry\":\"x\",\"keywords\":[{\"term\":\"a\\u0000b\"}]}"));
        assertEquals(400, reply.getStatusCode());
        assertEquals("each of keywords must be free of control characters", body(reply).get("message").asText());
    }

    @Test
    void body_starting_with_a_utf8_byte_order_mark_is_a_valid_start() throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", "\uFEFF{\"industry\":\"healthcare\",\"usp\":\"AI\"}"));
        assertEquals(200, reply.getStatusCode(), reply.getBody());
    }

    static APIGatewayProxyRequestEvent keyed(String body, String key) {
        return post("/orchestrate", body).withHeaders(java.util.Map.of("idempotency-key", key));
    }

    @Test
    void same_idempotency_key_and_body_return_the_same_job_and_write_no_second_one() throws Exception {
        String body = "{\"industry\":\"healthcare\",\"usp\":\"AI\"}";
        var first = orchestrate.handle(keyed(body, "order-42"));
        var again = orchestrate.handle(keyed(body, "order-42"));
        assertEquals(200, again.getStatusCode());
        String id = body(first).get("job_id").asText();
        assertEquals(id, body(again).get("job_id").asText());
        assertEquals("true", again.getHeaders().get("Idempotent-Replayed"));
        assertEquals(null, first.getHeaders().get("Idempotent-Replayed"));
        assertEquals(JobType.ORCHESTRATE, repository.find(id).orElseThrow().type());
        assertNotEquals(id, body(orchestrate.handle(keyed(body, "order-43"))).get("job_id").asText(), "another key, another job");
    }

    @Test
    void same_idempotency_key_with_another_body_is_422_and_writes_nothing_new() throws Exception {
        String id = body(orchestrate.handle(keyed("{\"industry\":\"healthcare\",\"usp\":\"AI\"}", "k-1"))).get("job_id").asText();
        var reply = orchestrate.handle(keyed("{\"industry\":\"retail\",\"usp\":\"AI\"}", "k-1"));
        assertEquals(422, reply.getStatusCode());
        assertTrue(body(reply).get("message").asText().contains("different request"), reply.getBody());
        assertEquals("healthcare", repository.find(id).orElseThrow().data().get("industry").asText());
    }

    @Test
    void idempotency_keys_belong_to_their_owner() throws Exception {
        String body = "{\"industry\":\"healthcare\",\"usp\":\"AI\"}";
        var alice = orchestrate.handle(JobResourceHandlerTest.as("alice", keyed(body, "order-42")));
        var bob = orchestrate.handle(JobResourceHandlerTest.as("bob", keyed("{\"industry\":\"retail\",\"usp\":\"AI\"}", "order-42")));
        assertEquals(200, bob.getStatusCode(), "bob's key is his own: no 422 from alice's request");
        assertNotEquals(body(alice).get("job_id").asText(), body(bob).get("job_id").asText());
        assertEquals(null, bob.getHeaders().get("Idempotent-Replayed"));
        assertEquals("bob", repository.find(body(bob).get("job_id").asText()).orElseThrow().owner());
    }

    @Test
    void malformed_idempotency_key_is_400() throws Exception {
        var reply = orchestrate.handle(keyed("{\"industry\":\"healthcare\",\"usp\":\"AI\"}", "has space"));
        assertEquals(400, reply.getStatusCode());
        assertEquals("Idempotency-Key must be 1 to 200 visible ASCII characters", body(reply).get("message").asText());
    }

    @Test
    void json_followed_by_trailing_garbage_is_400_and_starts_nothing() throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\"} xyz"));
        assertEquals(400, reply.getStatusCode());
        assertEquals("Request body is not valid JSON", body(reply).get("message").asText());
        assertEquals(0, repository.writes.get());
    }

    @Test
    void body_that_is_not_utf8_is_400_and_starts_nothing() throws Exception {
        byte[] latin1 = "{\"industry\":\"caf\u00e9\",\"usp\":\"y\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var base64 = post("/orchestrate", java.util.Base64.getEncoder().encodeToString(latin1)).withIsBase64Encoded(true);
        assertEquals("Request body is not valid UTF-8", body(orchestrate.handle(base64)).get("message").asText());
        // as text, undecodable bytes reach the function as U+FFFD
        var text = post("/orchestrate", new String(latin1, java.nio.charset.StandardCharsets.UTF_8));
        var reply = orchestrate.handle(text);
        assertEquals(400, reply.getStatusCode());
        assertEquals("Request body is not valid UTF-8", body(reply).get("message").asText());
        assertEquals(0, repository.writes.get());
    }

    /** Each export (key) started as a trends job for "AI" is refused with its message (value), and nothing is written. */
    private void assertEachCsvRefusedWithNothingWritten(Map<String, String> refused) throws Exception {
        for (Map.Entry<String, String> csv : refused.entrySet()) {
            ObjectNode request = JSON.createObjectNode().put("industry", "x").put("series_csv", csv.getKey());
            request.putArray("keywords").add("AI");
            var reply = trends.handle(post("/trends", request.toString()));
            assertEquals(400, reply.getStatusCode(), csv.getKey());
            assertEquals(csv.getValue(), body(reply).get("message").asText());
        }
        assertEquals(0, repository.writes.get());
    }

    /** An export of {@code rows} days from 1995-01-01 under {@code header}. */
    private static String dailyRows(String header, int rows) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        java.time.LocalDate day = java.time.LocalDate.of(1995, 1, 1);
        for (int i = 0; i < rows; i++) csv.append(day.plusDays(i)).append(",").append(i % 100).append('\n');
        return csv.toString();
    }

    @Test
    void series_csv_with_more_daily_rows_than_allowed_is_400_before_any_work() throws Exception {
        assertEachCsvRefusedWithNothingWritten(Map.of(dailyRows("Day,AI: (Worldwide)", 11_783),
                "series_csv holds 11783 daily rows; at most 1827 are allowed"));
    }

    @Test
    void series_csv_the_analysis_could_not_read_is_400_naming_its_line_and_starts_nothing() throws Exception {
        Map<String, String> refused = Map.of(
                "Date,AI\n2024-01-01,3\n2024-13-01,4\n", "series_csv line 3: '2024-13-01' is not a date like 2024-01, 2024-01-07 or Jan 2024",
                "Mois,AI\nQ1 2024,3\n", "series_csv line 2: 'Q1 2024' is not a date like 2024-01, 2024-01-07 or Jan 2024",
                "Month,AI\n2024-01,lots\n", "series_csv line 2: 'lots' is not a number like 42 or 4.5",
                "Period,AI\n2024-01,3\n", "series_csv has no header row starting with " + com.keywordtrend.model.SeriesCsvShape.EXPECTED_HEADERS
                        + "; its first row starts with 'Period'");
        assertEachCsvRefusedWithNothingWritten(refused);
    }

    @Test
    void series_csv_that_would_analyse_as_nonsense_is_400_naming_its_line_and_starts_nothing() throws Exception {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("Month,AI\n", "series_csv has a header but no rows");
        refused.put("Month,AI\n2024-01,NaN\n", "series_csv line 2: 'NaN' is not a number like 42 or 4.5");
        refused.put("Month,AI\n2024-01,-4\n", "series_csv line 2: values must not be negative");
        refused.put("Month,AI\n2024-01,0x1p3\n", "series_csv line 2: '0x1p3' is not a number like 42 or 4.5");
        refused.put("Month,AI\n2024-02,3\n2024-01,4\n", "series_csv line 3: 2024-01-01 does not follow 2024-02-01; dates must rise, each once");
        refused.put("Month,AI\n2024-01,3\n2024-01,3\n", "series_csv line 3: 2024-01-01 does not follow 2024-01-01; dates must rise, each once");
        refused.put("Day,AI\n2024-01-01,3\n2024-01-08,4\n2024-01-09,4\n",
                "series_csv: 2024-01-09 follows 2024-01-08; a weekly export has one row per week, none missing (the row after the header is line 2)");
        refused.put("Month,AI\n1000-01,3\n", "series_csv line 2: 1000-01-01 is outside 1900-01-01 to a year from now");
        refused.put("Month,AI\n2024-01,3,7\n", "series_csv line 2 has 3 cells; its header has 2");
        assertEachCsvRefusedWithNothingWritten(refused);
    }

    @Test
    void series_csv_bounds_hold_however_its_header_is_quoted() throws Exception {
        assertEachCsvRefusedWithNothingWritten(Map.of(dailyRows("\"Day\",\"AI\"", 2_000),
                "series_csv holds 2000 daily rows; at most 1827 are allowed"));
    }

    @Test
    void a_lone_surrogate_in_any_field_is_400_not_500() throws Exception {
        Map<String, String> bodies = Map.of("industry", "{\"industry\":\"a\\ud800b\",\"usp\":\"x\"}",
                "usp", "{\"industry\":\"a\",\"usp\":\"x\\ud800\"}");
        for (Map.Entry<String, String> request : bodies.entrySet()) {
            var reply = orchestrate.handle(post("/orchestrate", request.getValue()));
            assertEquals(400, reply.getStatusCode(), reply.getBody());
            assertEquals(request.getKey() + " holds a lone UTF-16 surrogate (half of a character); send valid Unicode text",
                    body(reply).get("message").asText());
        }
        var services = orchestrate.handle(post("/orchestrate", "{\"industry\":\"a\",\"usp\":\"x\",\"key_services\":[\"ok\",\"\\udc00\"]}"));
        assertEquals(400, services.getStatusCode());
        assertEquals("key_services[1] holds a lone UTF-16 surrogate (half of a character); send valid Unicode text",
                body(services).get("message").asText());
        var keywords = trends.handle(post("/trends", "{\"industry\":\"a\",\"keywords\":[\"\\ud83d\"]}"));
        assertEquals(400, keywords.getStatusCode());
        var csv = trends.handle(post("/trends", "{\"industry\":\"a\",\"keywords\":[\"AI\"],\"series_csv\":\"Month,AI\\n2024-01,\\ud800\"}"));
        assertEquals(400, csv.getStatusCode());
        assertEquals("series_csv holds a lone UTF-16 surrogate (half of a character); send valid Unicode text", body(csv).get("message").asText());
        assertEquals(0, repository.writes.get());
    }

    @Test
    void without_live_sources_a_trends_start_without_series_csv_is_400_before_any_work() throws Exception {
        JobService service = new JobService(repository, JobPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), UUID::randomUUID);
        TrendsHandler offline = new TrendsHandler(service, new Cors("*"), new Caller(true), false);
        var refused = offline.handle(post("/trends", "{\"industry\":\"a\",\"keywords\":[\"AI\"]}"));
        assertEquals(400, refused.getStatusCode());
        assertEquals(StartRequest.NEEDS_SERIES_CSV, body(refused).get("message").asText());
        assertEquals(0, repository.writes.get());
        var started = offline.handle(post("/trends", "{\"industry\":\"a\",\"keywords\":[\"AI\"],\"series_csv\":\"Month,AI\\n2024-01,3\\n\"}"));
        assertEquals(200, started.getStatusCode(), started.getBody());
    }

    @Test
    void a_field_named_twice_is_400_not_the_last_one_wins() throws Exception {
        var reply = orchestrate.handle(post("/orchestrate", "{\"industry\":\"a\",\"usp\":\"x\",\"industry\":\"b\"}"));
        assertEquals(400, reply.getStatusCode());
        assertEquals("Request body names a field twice (\"industry\")", body(reply).get("message").asText());
        assertEquals(0, repository.writes.get());
    }

    @Test
    void a_body_nested_past_32_levels_is_400_saying_so() throws Exception {
        String deep = "[".repeat(33) + "]".repeat(33);
        var reply = orchestrate.handle(post("/orchestrate", "{\"industry\":\"a\",\"usp\":\"x\",\"extra\":" + deep + "}"));
        assertEquals(400, reply.getStatusCode());
        assertEquals("Request body is nested more than 32 levels deep", body(reply).get("message").asText());
    }

    @Test
    void line_breaks_tabs_and_bidi_overrides_are_refused_in_terms_but_prose_may_break_lines() throws Exception {
        for (String bad : List.of("a\\nb", "a\\tb", "a\\u202Eb", "a\\u2066b")) {
            var industry = orchestrate.handle(post("/orchestrate", "{\"industry\":\"" + bad + "\",\"usp\":\"x\"}"));
            assertEquals(400, industry.getStatusCode(), bad);
            assertTrue(body(industry).get("message").asText().startsWith("industry must not contain control characters"), bad);
            var keywords = trends.handle(post("/trends", "{\"industry\":\"a\",\"keywords\":[\"" + bad + "\"]}"));
            assertEquals(400, keywords.getStatusCode(), bad);
        }
        assertEquals(0, repository.writes.get());
        var prose = orchestrate.handle(post("/orchestrate", "{\"industry\":\"dentistry\",\"usp\":\"Open late.\\nNo waiting.\"}"));
        assertEquals(200, prose.getStatusCode(), prose.getBody());
    }

    @Test
    void series_csv_with_spreadsheet_month_labels_starts_a_job() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("industry", "x").put("series_csv", "Month,AI\nJan 2004,3\nFebruary 2004,4\n");
        request.putArray("keywords").add("AI");
        var reply = trends.handle(post("/trends", request.toString()));
        assertEquals(200, reply.getStatusCode(), reply.getBody());
        assertEquals(1, repository.writes.get());
    }

    @Test
    void series_csv_of_many_series_over_many_days_is_accepted_within_its_bytes() throws Exception {
        // 31,500 values: past the item's old bound, a result the bucket holds (issue 21)
        StringBuilder csv = new StringBuilder("Day");
        for (int k = 0; k < 45; k++) csv.append(",term").append(k);
        csv.append('\n');
        java.time.LocalDate day = java.time.LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 700; i++) {
            csv.append(day.plusDays(i));
            for (int k = 0; k < 45; k++) csv.append(",1");
            csv.append('\n');
        }
        ObjectNode request = JSON.createObjectNode().put("industry", "x").put("series_csv", csv.toString());
        request.putArray("keywords").add("term0");
        var reply = trends.handle(post("/trends", request.toString()));
        assertEquals(200, reply.getStatusCode(), reply.getBody());
    }

    @Test
    void unexpected_error_is_500_without_its_text() throws Exception {
        repository.failure = () -> new IllegalStateException("secret internal detail");
        var reply = orchestrate.handle(event("orchestrate-poll.json"));
        assertEquals(500, reply.getStatusCode());
        assertFalse(reply.getBody().contains("secret"));
    }

    @Test
    void other_methods_are_405() {
        assertEquals(405, orchestrate.handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET")).getStatusCode());
    }

    private Job completedJob(JobType type, String results) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(results);
        Job job = new Job(UUID.randomUUID().toString(), type, Job.ANONYMOUS, JobStatus.COMPLETED, NOW, NOW,
                NOW.plus(Duration.ofDays(7)), 100, "done", null, "invocation-1", NOW, 1, data);
        repository.put(job);
        return job;
    }

    private static void assertCorsHeaders(APIGatewayProxyResponseEvent reply) {
        assertEquals("application/json", reply.getHeaders().get("Content-Type"));
        assertEquals("*", reply.getHeaders().get("Access-Control-Allow-Origin"));
        // the contract's two headers first, then the Idempotency-Key a browser client may send
        assertTrue(reply.getHeaders().get("Access-Control-Allow-Headers").startsWith("Content-Type,Authorization"));
        assertTrue(reply.getHeaders().get("Access-Control-Allow-Headers").contains("Idempotency-Key"));
        assertEquals("Location,Retry-After", reply.getHeaders().get("Access-Control-Expose-Headers"));
        assertTrue(reply.getHeaders().get("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(reply.getHeaders().get("Access-Control-Allow-Methods").contains("OPTIONS"));
    }

    @Test
    void a_client_with_its_limit_of_jobs_in_flight_gets_429_until_one_ends_and_a_repeated_start_is_still_answered() throws Exception {
        JobService limited = new JobService(repository, JobPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), UUID::randomUUID, 2);
        OrchestrateHandler handler = new OrchestrateHandler(limited, new Cors("*"), new Caller(true));
        String body = "{\"industry\":\"healthcare\",\"usp\":\"AI\"}";
        var first = handler.handle(keyed(body, "order-1"));
        assertEquals(200, handler.handle(post("/orchestrate", body)).getStatusCode());
        var refused = handler.handle(post("/orchestrate", body));
        assertEquals(429, refused.getStatusCode());
        assertEquals("FAILED", body(refused).get("status").asText());
        assertTrue(body(refused).get("message").asText().startsWith("You have 2 jobs waiting or running"), refused.getBody());
        assertEquals(2, repository.countInFlight(Job.ANONYMOUS, NOW.minusSeconds(3600), 100), "nothing written");
        var replayed = handler.handle(keyed(body, "order-1"));
        assertEquals(200, replayed.getStatusCode(), "a repeated start finds its job whatever the limit");
        assertEquals(body(first).get("job_id"), body(replayed).get("job_id"));
        String done = body(first).get("job_id").asText();
        repository.claim(done, "processor", NOW, NOW.plusSeconds(30), JobPolicy.DEFAULT);
        repository.complete(done, "processor", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), NOW);
        assertEquals(200, handler.handle(post("/orchestrate", body)).getStatusCode(), "one ended: room for one more");
    }
}
