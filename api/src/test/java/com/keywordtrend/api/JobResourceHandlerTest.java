package com.keywordtrend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /jobs, GET and DELETE /jobs/{job_id}, owner scoping, and the start reply that points to a job. */
class JobResourceHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Caller CALLER = new Caller(true);
    static final String SIGNING_KEY = "0123456789abcdef0123456789abcdef-test-key";

    InMemoryJobRepository repository;
    JobService service;
    JobResourceHandler jobs;
    OrchestrateHandler orchestrate;

    @BeforeEach
    void setUp() {
        repository = new InMemoryJobRepository();
        service = new JobService(repository, JobPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), UUID::randomUUID);
        jobs = new JobResourceHandler(service, new Cors("*"), CALLER, new ListCursor(SIGNING_KEY));
        orchestrate = new OrchestrateHandler(service, new Cors("*"), CALLER);
    }

    static APIGatewayProxyRequestEvent get(String jobId) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/jobs/" + jobId)
                .withResource("/jobs/{job_id}").withPathParameters(Map.of("job_id", jobId));
    }

    String started() throws Exception {
        var reply = orchestrate.handle(new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orchestrate")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI\"}"));
        return JSON.readTree(reply.getBody()).get("job_id").asText();
    }

    @Test
    void get_answers_the_same_body_as_the_poll_with_retry_after_while_the_job_runs() throws Exception {
        String id = started();
        var reply = jobs.handle(get(id));
        assertEquals(200, reply.getStatusCode());
        assertEquals("5", reply.getHeaders().get("Retry-After"));
        var poll = orchestrate.handle(new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody("{\"job_id\":\"" + id + "\"}"));
        assertEquals(JSON.readTree(poll.getBody()), JSON.readTree(reply.getBody()));
    }

    @Test
    void get_of_a_finished_job_has_no_retry_after() throws Exception {
        String id = started();
        Job job = repository.find(id).orElseThrow();
        repository.put(job.withStatus(JobStatus.FAILED, "Nothing found."));
        var reply = jobs.handle(get(id));
        assertEquals("FAILED", JSON.readTree(reply.getBody()).get("status").asText());
        assertNull(reply.getHeaders().get("Retry-After"));
    }

    @Test
    void get_of_an_unknown_job_is_404_and_of_a_malformed_id_400() throws Exception {
        String unknown = UUID.randomUUID().toString();
        var reply = jobs.handle(get(unknown));
        assertEquals(404, reply.getStatusCode());
        assertEquals("Job " + unknown + " not found", JSON.readTree(reply.getBody()).get("message").asText());
        assertEquals(400, jobs.handle(get("not-a-uuid")).getStatusCode());
        assertEquals(400, jobs.handle(get("")).getStatusCode());
    }

    @Test
    void start_reply_says_where_the_job_is_and_when_to_ask() throws Exception {
        var request = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orchestrate")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI\"}")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withPath("/dev/orchestrate"));
        var reply = orchestrate.handle(request);
        JsonNode body = JSON.readTree(reply.getBody());
        assertEquals("/dev/jobs/" + body.get("job_id").asText(), reply.getHeaders().get("Location"), "under the stage");
        assertEquals("5", reply.getHeaders().get("Retry-After"));
        assertEquals("PENDING", body.get("status").asText(), "the body is the contract's, unchanged");
    }

    @Test
    void other_methods_are_405_and_the_preflight_200() {
        assertEquals(405, jobs.handle(new APIGatewayProxyRequestEvent().withHttpMethod("PUT")).getStatusCode());
        var preflight = jobs.handle(new APIGatewayProxyRequestEvent().withHttpMethod("OPTIONS"));
        assertEquals(200, preflight.getStatusCode());
        assertFalse(preflight.getHeaders().get("Access-Control-Allow-Methods").isEmpty());
    }

    static APIGatewayProxyRequestEvent delete(String jobId) {
        return get(jobId).withHttpMethod("DELETE");
    }

    @Test
    void delete_cancels_a_pending_job_which_reads_failed_cancelled() throws Exception {
        String id = started();
        var reply = jobs.handle(delete(id));
        assertEquals(200, reply.getStatusCode());
        JsonNode body = JSON.readTree(reply.getBody());
        assertEquals("FAILED", body.get("status").asText(), "the seed client knows four statuses");
        assertEquals("Cancelled", body.get("message").asText());
        assertEquals(true, body.get("cancelled").asBoolean());
        assertEquals(200, jobs.handle(delete(id)).getStatusCode(), "cancelling again changes nothing");
    }

    @Test
    void delete_of_a_finished_job_is_409_and_of_an_unknown_one_404() throws Exception {
        String id = started();
        repository.put(repository.find(id).orElseThrow().withStatus(JobStatus.COMPLETED, null));
        var reply = jobs.handle(delete(id));
        assertEquals(409, reply.getStatusCode());
        assertEquals("COMPLETED", JSON.readTree(reply.getBody()).get("status").asText());
        assertEquals(404, jobs.handle(delete(UUID.randomUUID().toString())).getStatusCode());
    }

    /** The event API Gateway sends when its Cognito authorizer accepted a token for {@code sub}. */
    static APIGatewayProxyRequestEvent as(String sub, APIGatewayProxyRequestEvent request) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setAuthorizer(Map.of("claims", Map.of("sub", sub, "token_use", "id")));
        return request.withRequestContext(context);
    }

    String startedBy(String sub) throws Exception {
        var reply = orchestrate.handle(as(sub, new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orchestrate")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI\"}")));
        assertEquals(200, reply.getStatusCode());
        return JSON.readTree(reply.getBody()).get("job_id").asText();
    }

    static APIGatewayProxyRequestEvent list(Map<String, String> query) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/jobs").withResource("/jobs")
                .withQueryStringParameters(query.isEmpty() ? null : query);
    }

    @Test
    void another_owners_job_answers_exactly_like_an_unknown_one() throws Exception {
        String alices = startedBy("alice");
        String unknown = UUID.randomUUID().toString();
        var read = jobs.handle(as("bob", get(alices)));
        var readUnknown = jobs.handle(as("bob", get(unknown)));
        assertEquals(404, read.getStatusCode());
        assertEquals(readUnknown.getBody().replace(unknown, alices), read.getBody());
        assertEquals(readUnknown.getHeaders(), read.getHeaders());
        assertEquals(404, jobs.handle(as("bob", delete(alices))).getStatusCode());
        assertEquals(404, orchestrate.handle(as("bob", new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withBody("{\"job_id\":\"" + alices + "\"}"))).getStatusCode());
        assertEquals(404, jobs.handle(get(alices)).getStatusCode(), "nor does the anonymous owner see it");
        assertEquals("PENDING", JSON.readTree(jobs.handle(as("alice", get(alices))).getBody()).get("status").asText(),
                "bob's cancel changed nothing");
    }

    @Test
    void without_claims_and_without_anonymous_use_every_call_is_401() {
        var closed = new JobResourceHandler(service, new Cors("*"), new Caller(false), new ListCursor(SIGNING_KEY));
        var reply = closed.handle(list(Map.of()));
        assertEquals(401, reply.getStatusCode());
        assertEquals(401, closed.handle(get(UUID.randomUUID().toString())).getStatusCode());
        assertEquals(200, closed.handle(as("alice", list(Map.of()))).getStatusCode());
        var closedStarts = new OrchestrateHandler(service, new Cors("*"), new Caller(false));
        assertEquals(401, closedStarts.handle(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI\"}")).getStatusCode());
        assertEquals(0, repository.writes.get(), "nothing was written");
    }

    @Test
    void list_pages_newest_first_with_a_cursor_bound_to_owner_and_filters() throws Exception {
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 5; i++) alices.addFirst(startedBy("alice"));
        startedBy("bob");
        // the clock is fixed: all five share created_at, and the index orders them by job_id
        alices.sort(java.util.Comparator.reverseOrder());

        var first = JSON.readTree(jobs.handle(as("alice", list(Map.of("limit", "2")))).getBody());
        assertEquals(2, first.get("jobs").size());
        String cursor = first.get("next_cursor").asText();
        List<String> seen = new ArrayList<>();
        first.get("jobs").forEach(job -> seen.add(job.get("job_id").asText()));
        for (JsonNode page = first; !page.get("next_cursor").isNull(); ) {
            page = JSON.readTree(jobs.handle(as("alice", list(Map.of("limit", "2", "cursor", page.get("next_cursor").asText()))))
                    .getBody());
            page.get("jobs").forEach(job -> seen.add(job.get("job_id").asText()));
        }
        assertEquals(alices, seen);

        JsonNode summary = first.get("jobs").get(0);
        assertEquals("orchestrate", summary.get("type").asText());
        assertEquals("PENDING", summary.get("status").asText());
        assertEquals("healthcare", summary.get("industry").asText());

        assertEquals(400, jobs.handle(as("bob", list(Map.of("limit", "2", "cursor", cursor)))).getStatusCode(),
                "another owner's cursor");
        assertEquals(400, jobs.handle(as("alice", list(Map.of("limit", "2", "cursor", cursor, "type", "trends"))))
                .getStatusCode(), "a cursor of other filters");
        // every other spelling of the last character, including those that differ only in the bits
        // base64 decoding discards, and a changed character inside the payload
        String base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        List<String> tampered = new ArrayList<>();
        for (char c : base64url.toCharArray()) {
            if (c != cursor.charAt(cursor.length() - 1)) tampered.add(cursor.substring(0, cursor.length() - 1) + c);
        }
        tampered.add((cursor.charAt(0) == 'M' ? 'N' : 'M') + cursor.substring(1));
        for (String changed : tampered) {
            var refused = jobs.handle(as("alice", list(Map.of("cursor", changed))));
            assertEquals(400, refused.getStatusCode(), changed);
            assertEquals(ListCursor.INVALID, JSON.readTree(refused.getBody()).get("message").asText());
        }
    }

    @Test
    void list_rejects_bad_parameters_with_400() throws Exception {
        for (Map<String, String> query : List.of(Map.of("limit", "0"), Map.of("limit", "101"), Map.of("limit", "ten"),
                Map.of("type", "other"), Map.of("status", "done"), Map.of("cursor", "x"), Map.of("state", "FAILED"))) {
            var reply = jobs.handle(list(query));
            assertEquals(400, reply.getStatusCode(), query.toString());
            assertEquals("FAILED", JSON.readTree(reply.getBody()).get("status").asText());
        }
        assertEquals(0, JSON.readTree(jobs.handle(list(Map.of("status", "COMPLETED"))).getBody()).get("jobs").size());
    }
}
