package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployable API jar leaves out most of DynamoDB's model and what the functions never load
 * (api/pom.xml). The runner-based tests run that jar on the paths the emulator takes; these run its
 * DynamoDB calls where the emulator cannot lead them: to AWS's own endpoint (no override: the
 * endpoint rules, not the left-out service metadata), and into DynamoDB's error replies.
 */
class ApiJarTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Map<String, String> probe(String endpoint) throws Exception {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                ROOT.resolve("api/target/api-lambda.jar") + ":" + Path.of(ApiJarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                ApiJarProbe.class.getName(), endpoint).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS));
        Map<String, String> outcomes = new LinkedHashMap<>();
        output.lines().filter(l -> l.matches("[A-Za-z]+=.*")).forEach(l -> outcomes.put(l.split("=")[0], l.split("=", 2)[1]));
        assertEquals(List.of("PutItem", "GetItem", "UpdateItem", "Query"), List.copyOf(outcomes.keySet()), output);
        return outcomes;
    }

    @Test
    void api_jar_is_at_most_ten_megabytes() throws IOException {
        long bytes = Files.size(ROOT.resolve("api/target/api-lambda.jar"));
        assertTrue(bytes <= 10_000_000, bytes + " bytes");
    }

    @Test
    void every_call_reaches_aws_endpoints_with_what_the_jar_keeps() throws Exception {
        // no network here: each call must fail at the connection (transient: a 503), not on a missing class
        probe("aws").forEach((operation, outcome) ->
                assertEquals("JobStoreUnavailableException", outcome, operation + " did not reach the network"));
    }

    @Test
    void every_error_reply_of_dynamodb_is_understood_with_what_the_jar_keeps() throws Exception {
        HttpServer dynamoDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String[]> replies = Map.of(
                // a start whose id exists: the stored item comes back with the refusal
                "PutItem", new String[]{"400", "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                        + "\"message\":\"The conditional request failed\",\"Item\":{\"job_id\":{\"S\":\"00000000-0000-0000-0000-000000000001\"},"
                        + "\"job_type\":{\"S\":\"orchestrate\"},\"owner\":{\"S\":\"probe\"},\"status\":{\"S\":\"PENDING\"},"
                        + "\"created_at\":{\"S\":\"2026-11-29T10:00:00.000Z\"}}}"},
                "GetItem", new String[]{"400", "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                        + "\"message\":\"Rate of requests exceeds the allowed throughput\"}"},
                "UpdateItem", new String[]{"500", "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"x\"}"},
                "Query", new String[]{"400", "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                        + "\"message\":\"Requested resource not found\"}"});
        dynamoDb.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target").replaceFirst(".*\\.", "");
                String[] reply = replies.get(operation);
                byte[] body = reply[1].getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(Integer.parseInt(reply[0]), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        dynamoDb.start();
        try {
            Map<String, String> outcomes = probe("http://127.0.0.1:" + dynamoDb.getAddress().getPort());
            assertEquals("JobExistsException", outcomes.get("PutItem"));
            assertEquals("JobStoreUnavailableException", outcomes.get("GetItem"), "throttled, after the SDK's retries");
            assertEquals("JobStoreUnavailableException", outcomes.get("UpdateItem"), "a 500, after the SDK's retries");
            assertEquals("ResourceNotFoundException", outcomes.get("Query"), "a refusal retrying cannot fix");
        } finally {
            dynamoDb.stop(0);
        }
    }
}
