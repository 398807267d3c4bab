package com.keywordtrend.systemtests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.local.auth.LocalAuthorizer;
import com.keywordtrend.local.LocalRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Whether a 404 tells anything: through the runner with tokens, another owner polls a large job
 * (a trends job of 50 keywords × 240 months: its inputs and results are a few hundred KB) and
 * unknown ids, interleaved; the medians should be alike (the owner is read first, alone). Run by
 * {@code bash system-tests/bench.sh NotFoundTimingBench [polls]} (default 300 of each).
 */
public final class NotFoundTimingBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path root = Path.of("").toAbsolutePath();
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Options().projectRoot(root).apiPort(0)
                .parameter("SourcesOffline", "true").auth(true).functionOutput(ProcessBuilder.Redirect.DISCARD))) {
            LocalAuthorizer tokens = LocalAuthorizer.forProject(root);
            String alice = "Bearer " + tokens.token("alice-" + UUID.randomUUID(), Duration.ofHours(1));
            String bob = "Bearer " + tokens.token("bob-" + UUID.randomUUID(), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            URI base = runner.apiBase();

            String id = JSON.readTree(send(http, base.resolve("/trends"), "POST", largeTrendsStart(), alice).body()).get("job_id").asText();
            for (long until = System.nanoTime() + Duration.ofMinutes(3).toNanos(); System.nanoTime() < until; ) {
                String status = JSON.readTree(send(http, base.resolve("/jobs/" + id), "GET", null, alice).body()).path("status").asText();
                if (status.equals("COMPLETED") || status.equals("FAILED")) break;
                Thread.sleep(500);
            }
            int size = send(http, base.resolve("/jobs/" + id), "GET", null, alice).body().length();
            long[] others = new long[n];
            long[] unknown = new long[n];
            for (int i = 0; i < 50; i++) { // warm-up
                send(http, base.resolve("/jobs/" + id), "GET", null, bob);
                send(http, base.resolve("/jobs/" + UUID.randomUUID()), "GET", null, bob);
            }
            for (int i = 0; i < n; i++) {
                others[i] = timed(http, base.resolve("/jobs/" + id), bob);
                unknown[i] = timed(http, base.resolve("/jobs/" + UUID.randomUUID()), bob);
            }
            // the same two reads straight against the emulator: what the store itself takes
            long[] rawOwner = new long[n];
            long[] rawMissing = new long[n];
            try (var dynamoDb = com.keywordtrend.store.AwsClients.dynamoDb(java.util.Map.of(com.keywordtrend.store.AwsClients.ENDPOINT,
                    runner.dynamoDbEndpoint(), "AWS_REGION", "us-east-1")::get, Duration.ofSeconds(5),
                    com.keywordtrend.store.AwsClients.emulatorCredentials())) {
                for (int i = 0; i < n; i++) {
                    rawOwner[i] = ownerRead(dynamoDb, id);
                    rawMissing[i] = ownerRead(dynamoDb, UUID.randomUUID().toString());
                }
            }
            Arrays.sort(rawOwner);
            Arrays.sort(rawMissing);
            System.out.printf("NOT FOUND the emulator alone, GetItem of the owner attribute: the large job %.1f ms, a missing key %.1f ms (medians)%n",
                    rawOwner[n / 2] / 1e6, rawMissing[n / 2] / 1e6);
            Arrays.sort(others);
            Arrays.sort(unknown);
            System.out.printf("NOT FOUND another owner's job (%d KB as its owner reads it): median %.1f ms, p90 %.1f ms%n",
                    size / 1024, others[n / 2] / 1e6, others[n * 9 / 10] / 1e6);
            System.out.printf("NOT FOUND an unknown id: median %.1f ms, p90 %.1f ms%n", unknown[n / 2] / 1e6, unknown[n * 9 / 10] / 1e6);
            System.out.printf("NOT FOUND ratio of the medians: %.2f (%d polls of each, interleaved)%n", (double) others[n / 2] / unknown[n / 2], n);
        }
    }

    /** 50 keywords × 240 months in its series_csv: the largest item a start may make. */
    static String largeTrendsStart() throws Exception {
        StringBuilder csv = new StringBuilder("Month");
        var keywords = JSON.createArrayNode();
        for (int k = 0; k < 50; k++) {
            csv.append(",term ").append(k);
            keywords.add("term " + k);
        }
        csv.append('\n');
        LocalDate month = LocalDate.of(2004, 1, 1);
        for (int i = 0; i < 240; i++) {
            csv.append(month.plusMonths(i).toString(), 0, 7);
            for (int k = 0; k < 50; k++) csv.append(',').append((i * 7 + k * 13) % 100);
            csv.append('\n');
        }
        var body = JSON.createObjectNode().put("industry", "bench");
        body.set("keywords", keywords);
        body.put("series_csv", csv.toString());
        return body.toString();
    }

    static long ownerRead(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, String jobId) {
        long started = System.nanoTime();
        dynamoDb.getItem(r -> r.tableName("JobsTable").consistentRead(true).projectionExpression("#o")
                .expressionAttributeNames(java.util.Map.of("#o", "owner"))
                .key(java.util.Map.of("job_id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(jobId))));
        return System.nanoTime() - started;
    }

    static long timed(HttpClient http, URI uri, String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> reply = send(http, uri, "GET", null, token);
        long took = System.nanoTime() - started;
        if (reply.statusCode() != 404) throw new IllegalStateException("expected 404, got " + reply.statusCode());
        return took;
    }

    static HttpResponse<String> send(HttpClient http, URI uri, String method, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
