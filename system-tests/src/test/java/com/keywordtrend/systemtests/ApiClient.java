package com.keywordtrend.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** The client's side of the contract (docs/contract.md, api/openapi.yaml), over real HTTP to the local runner. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header(header, value).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request: {@code body} null for none, {@code headers} as name, value, name, value, ... */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        return JSON.readTree(post(path, body).body());
    }

    String start(String path, String body) throws IOException, InterruptedException {
        JsonNode reply = postJson(path, body);
        if (!"PENDING".equals(reply.path("status").asText())) throw new AssertionError("start refused: " + reply);
        return reply.get("job_id").asText();
    }

    JsonNode poll(String path, String jobId) throws IOException, InterruptedException {
        return postJson(path, "{\"job_id\":\"" + jobId + "\"}");
    }

    /** Polls, as the client does (but faster), until the job is COMPLETED or FAILED. */
    JsonNode awaitFinal(String path, String jobId, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        // the first poll at once (Awaitility would wait a poll interval first): a test polling 300 finished jobs one
        // after another would otherwise spend half a minute waiting before polls that answer at once
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = poll(path, jobId);
            return Set.of("COMPLETED", "FAILED").contains(last[0].path("status").asText());
        });
        return last[0];
    }
}
