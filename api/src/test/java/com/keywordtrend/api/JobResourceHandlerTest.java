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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /jobs/{job_id}, and the start reply that points to it. */
class JobResourceHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    InMemoryJobRepository repository;
    JobService service;
    JobResourceHandler jobs;
    OrchestrateHandler orchestrate;

    @BeforeEach
    void setUp() {
        repository = new InMemoryJobRepository();
        service = new JobService(repository, JobPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC), UUID::randomUUID);
        jobs = new JobResourceHandler(service, new Cors("*"));
        orchestrate = new OrchestrateHandler(service, new Cors("*"));
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
        assertEquals(400, jobs.handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET")).getStatusCode());
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
}
