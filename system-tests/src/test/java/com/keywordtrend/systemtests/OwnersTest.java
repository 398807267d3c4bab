package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.auth.LocalAuthorizer;
import com.keywordtrend.local.http.ApiServer;
import com.keywordtrend.local.lambda.LocalFunction;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Jobs a client owns, through the runner with --auth (tokens checked as the Cognito authorizer
 * would) and the real engines: nothing of one owner's jobs is visible, cancellable, listable or
 * guessable by another, and a listing pages through an owner's jobs.
 */
class OwnersTest {
    static final String BODY = "{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\"}";

    static LocalRunner runner;
    static ApiClient api;
    static DynamoDbClient dynamoDb;
    static LocalAuthorizer tokens;
    static String aliceSub;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(TestRunners.withFaults("OwnersTest").auth(true));
        api = new ApiClient(runner.apiBase());
        dynamoDb = TestRunners.dynamoDb(runner);
        tokens = LocalAuthorizer.forProject(Path.of("..").toAbsolutePath().normalize());
        aliceSub = "alice-" + UUID.randomUUID();
        alice = "Bearer " + tokens.token(aliceSub, Duration.ofHours(1));
        bob = "Bearer " + tokens.token("bob-" + UUID.randomUUID(), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    static JsonNode json(HttpResponse<String> reply) throws Exception {
        return ApiClient.JSON.readTree(reply.body());
    }

    static String start(String token) throws Exception {
        return start(token, BODY);
    }

    static String start(String token, String body) throws Exception {
        HttpResponse<String> reply = api.send("POST", "/orchestrate", body, "Authorization", token);
        assertEquals(200, reply.statusCode(), reply.body());
        return json(reply).get("job_id").asText();
    }

    static JsonNode awaitFinal(String token, String id) {
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = json(api.send("GET", "/jobs/" + id, null, "Authorization", token));
            return List.of("COMPLETED", "FAILED").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    @Test
    void requests_without_a_valid_token_never_reach_a_function() throws Exception {
        LocalFunction startFunction = runner.function("OrchestrateFunction").orElseThrow();
        int invocations = startFunction.invocations();
        HttpResponse<String> none = api.send("POST", "/orchestrate", BODY);
        assertEquals(401, none.statusCode());
        assertEquals("Unauthorized", json(none).get("message").asText());
        String expired = tokens.token("alice", Duration.ofMinutes(-5));
        HttpResponse<String> late = api.send("GET", "/jobs", null, "Authorization", expired);
        assertEquals(401, late.statusCode());
        assertEquals("The incoming token has expired", json(late).get("message").asText());
        String otherKey = LocalAuthorizer.forProject(java.nio.file.Files.createTempDirectory("other-pool"))
                .token("alice", Duration.ofHours(1));
        assertEquals(401, api.send("GET", "/jobs", null, "Authorization", otherKey).statusCode(), "signed by another key");
        assertEquals(401, api.send("GET", "/jobs", null, "Authorization", alice.substring(0, alice.length() - 4) + "AAAA")
                .statusCode(), "signature altered");
        assertEquals(401, api.send("POST", "/orchestrate", BODY, "Authorization", "Bearer not-a-jwt").statusCode());
        assertEquals(invocations, startFunction.invocations(), "API Gateway refuses them before any function runs");
        assertEquals(200, api.send("OPTIONS", "/jobs", null).statusCode(), "preflights need no token (Authorizer: NONE)");
    }

    @Test
    void tokens_from_the_future_or_too_large_for_api_gateway_are_refused_before_any_function() throws Exception {
        LocalFunction listFunction = runner.function("JobsFunction").orElseThrow();
        int invocations = listFunction.invocations();
        java.time.Instant now = java.time.Instant.now();
        String notYet = "Bearer " + tokens.token("alice", now, now.plusSeconds(30), now.plusSeconds(3600));
        String issuedLater = "Bearer " + tokens.token("alice", now.plusSeconds(3600), now.plusSeconds(3600), now.plusSeconds(7200));
        assertEquals(401, api.send("GET", "/jobs", null, "Authorization", notYet).statusCode(), "nbf 30 s ahead");
        assertEquals(401, api.send("GET", "/jobs", null, "Authorization", issuedLater).statusCode(), "iat an hour ahead");
        String huge = alice + "x".repeat(100_000);
        assertEquals(431, api.send("GET", "/jobs", null, "Authorization", huge).statusCode(), "headers past API Gateway's 10 KB");
        assertEquals(invocations, listFunction.invocations());
    }

    @Test
    void a_jobs_traces_answer_its_owner_only_and_say_nothing_to_others() throws Exception {
        String id = start(alice);
        awaitFinal(alice, id);
        String path = ApiServer.TRACES_PATH + "?job_id=" + id;
        assertEquals(200, api.send("GET", path, null, "Authorization", alice).statusCode());
        HttpResponse<String> others = api.send("GET", path, null, "Authorization", bob);
        HttpResponse<String> nobody = api.send("GET", path, null);
        HttpResponse<String> unknown = api.send("GET", ApiServer.TRACES_PATH + "?job_id=" + UUID.randomUUID(), null, "Authorization", bob);
        assertEquals(404, others.statusCode());
        assertEquals(404, nobody.statusCode());
        assertEquals(unknown.body(), others.body(), "exactly as for a job that does not exist");
    }

    @Test
    void another_owner_cannot_read_cancel_list_or_guess_a_job() throws Exception {
        String id = start(alice);
        String unknown = UUID.randomUUID().toString();

        HttpResponse<String> read = api.send("GET", "/jobs/" + id, null, "Authorization", bob);
        HttpResponse<String> readUnknown = api.send("GET", "/jobs/" + unknown, null, "Authorization", bob);
        assertEquals(404, read.statusCode());
        assertEquals("Job " + id + " not found", json(read).get("message").asText());
        assertEquals(readUnknown.body().replace(unknown, id), read.body(), "exactly as an unknown job");
        assertEquals(404, api.send("POST", "/orchestrate", "{\"job_id\":\"" + id + "\"}", "Authorization", bob).statusCode());
        assertEquals(404, api.send("DELETE", "/jobs/" + id, null, "Authorization", bob).statusCode());
        assertFalse(api.send("GET", "/jobs?limit=100", null, "Authorization", bob).body().contains(id));

        JsonNode done = awaitFinal(alice, id);
        assertEquals("COMPLETED", done.get("status").asText(), "bob's cancel did nothing: " + done);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(api.send("GET", "/jobs?limit=100", null, "Authorization", alice)).toString().contains(id)); // the index is eventually consistent
        assertEquals(aliceSub, TestRunners.item(dynamoDb, id).get("owner").s(), "the item stores the token's sub as its owner");
    }

    @Test
    void an_idempotency_key_is_per_owner() throws Exception {
        String key = "order-" + UUID.randomUUID();
        HttpResponse<String> first = api.send("POST", "/orchestrate", BODY, "Authorization", alice, "Idempotency-Key", key);
        HttpResponse<String> again = api.send("POST", "/orchestrate", BODY, "Authorization", alice, "Idempotency-Key", key);
        HttpResponse<String> bobs = api.send("POST", "/orchestrate", BODY.replace("healthcare", "retail"),
                "Authorization", bob, "Idempotency-Key", key);
        assertEquals(json(first).get("job_id"), json(again).get("job_id"));
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(200, bobs.statusCode(), "not a 422: bob never used this key");
        assertNotEquals(json(first).get("job_id"), json(bobs).get("job_id"));
        assertEquals(422, api.send("POST", "/orchestrate", BODY.replace("healthcare", "retail"), "Authorization", alice,
                "Idempotency-Key", key).statusCode());
    }

    @Test
    void listing_pages_newest_first_over_more_than_one_page_and_filters() throws Exception {
        String carol = "Bearer " + tokens.token("carol-" + UUID.randomUUID(), Duration.ofHours(1));
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 7; i++) started.addFirst(start(carol));
        HttpResponse<String> trends = api.send("POST", "/trends", TestRunners.trendsWithExport("healthcare", "telehealth"),
                "Authorization", carol);
        assertEquals(200, trends.statusCode(), trends.body());
        String trendsId = json(trends).get("job_id").asText();

        // the listing reads the owner index, which DynamoDB keeps eventually consistent: a client, and this
        // test, may find a job just written missing from it for a moment, and reads again
        List<String> seen = new ArrayList<>();
        int[] pages = new int[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            seen.clear();
            pages[0] = 0;
            String cursor = null;
            do {
                HttpResponse<String> page = api.send("GET", "/jobs?type=orchestrate&limit=3"
                        + (cursor == null ? "" : "&cursor=" + cursor), null, "Authorization", carol);
                assertEquals(200, page.statusCode(), page.body());
                JsonNode body = json(page);
                assertTrue(body.get("jobs").size() <= 3);
                body.get("jobs").forEach(job -> seen.add(job.get("job_id").asText()));
                cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
                pages[0]++;
            } while (cursor != null && pages[0] < 10);
            // jobs started in the same millisecond are ordered by id, as the index orders them
            assertEquals(started.stream().sorted().toList(), seen.stream().sorted().toList(), "each once, no trends job");
        });
        assertEquals(seen.size(), seen.stream().distinct().count());
        assertTrue(pages[0] >= 3, pages[0] + " pages");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                List.of(trendsId).equals(json(api.send("GET", "/jobs?type=trends", null, "Authorization", carol))
                        .findValues("job_id").stream().map(JsonNode::asText).toList()));

        HttpResponse<String> first = api.send("GET", "/jobs?limit=2", null, "Authorization", carol);
        String next = json(first).get("next_cursor").asText();
        assertEquals(400, api.send("GET", "/jobs?limit=2&cursor=" + next, null, "Authorization", bob).statusCode(),
                "a cursor is bound to its owner");
        assertEquals(400, api.send("GET", "/jobs?limit=2&cursor=" + next.replace('A', 'B').replace('a', 'b'), null,
                "Authorization", carol).statusCode(), "a changed cursor is refused");
        started.forEach(id -> awaitFinal(carol, id));
        // a poll reads the job itself (consistent); the listing's index catches up eventually
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(api.send("GET", "/jobs?type=orchestrate&status=COMPLETED&limit=50", null, "Authorization", carol))
                        .get("jobs").size() == 7);
    }

    @Test
    void a_running_job_is_cancelled_by_its_owner_only() throws Exception {
        String id = start(alice, BODY.replace("healthcare", "fault:slow:30|healthcare"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "PROCESSING".equals(TestRunners.item(dynamoDb, id).get("status").s()));
        assertEquals(404, api.send("DELETE", "/jobs/" + id, null, "Authorization", bob).statusCode());
        assertEquals("PROCESSING", TestRunners.item(dynamoDb, id).get("status").s(), "bob's DELETE changed nothing");
        HttpResponse<String> cancel = api.send("DELETE", "/jobs/" + id, null, "Authorization", alice);
        assertEquals(200, cancel.statusCode(), cancel.body());
        JsonNode body = json(cancel);
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("Cancelled", body.get("message").asText());
        assertTrue(body.get("cancelled").asBoolean());
        assertEquals(200, api.send("DELETE", "/jobs/" + id, null, "Authorization", alice).statusCode(),
                "a repeated DELETE finds it cancelled: idempotent");
        assertEquals(404, api.send("DELETE", "/jobs/" + id, null, "Authorization", bob).statusCode());
    }
}
