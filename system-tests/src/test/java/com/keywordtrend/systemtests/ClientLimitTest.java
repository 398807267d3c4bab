package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.auth.LocalAuthorizer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-client limit of jobs in flight (MaxJobsInFlightPerClient), through the runner with --auth and slow jobs. */
class ClientLimitTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Jobs that take 8 s, so that they are still in flight when the next start comes. */
    static final String SLOW = "{\"industry\":\"fault:slow:8|healthcare\",\"usp\":\"AI-powered diagnostics\"}";

    static LocalRunner runner;
    static ApiClient api;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(TestRunners.withFaults("ClientLimitTest").auth(true).parameter("MaxJobsInFlightPerClient", "2"));
        api = new ApiClient(runner.apiBase());
        LocalAuthorizer tokens = LocalAuthorizer.forProject(Path.of("..").toAbsolutePath().normalize());
        alice = "Bearer " + tokens.token("alice-" + UUID.randomUUID(), Duration.ofHours(1));
        bob = "Bearer " + tokens.token("bob-" + UUID.randomUUID(), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void a_client_at_its_limit_gets_429_while_another_client_starts_and_it_may_start_again_once_its_jobs_end() throws Exception {
        String first = JSON.readTree(api.post("/orchestrate", SLOW, "Authorization", alice).body()).get("job_id").asText();
        assertEquals(200, api.post("/orchestrate", SLOW, "Authorization", alice).statusCode());
        HttpResponse<String> refused = api.post("/orchestrate", SLOW, "Authorization", alice);
        assertEquals(429, refused.statusCode(), refused.body());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("FAILED", body.get("status").asText());
        assertTrue(body.get("message").asText().contains("2 jobs waiting or running"), refused.body());
        assertEquals(200, api.post("/orchestrate", SLOW, "Authorization", bob).statusCode(), "another client's jobs are its own");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                () -> JSON.readTree(api.post("/orchestrate", "{\"job_id\":\"" + first + "\"}", "Authorization", alice).body())
                        .path("status").asText().equals("COMPLETED"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(
                () -> api.post("/orchestrate", SLOW, "Authorization", alice).statusCode() == 200);
    }
}
