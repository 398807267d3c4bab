package com.keywordtrend.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.sources.SourceClients;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.systemtests.faults.ProcessorsWithFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How the integration tests start the runner, and read the jobs table behind the API. */
final class TestRunners {
    /** The runner names each table by its logical id in template.yaml. */
    static final String JOBS_TABLE = "JobsTable";

    private TestRunners() {
    }

    /**
     * The project's runner on a free port, offline, the functions' logs in target/function-logs/{@code name}.log;
     * its S3 emulator starts at the first S3 call (most tests never store a result in the bucket), and each
     * function's first environment at its first invocation, as in Lambda (a test calls a few of the six).
     */
    static LocalRunner.Options options(String name) throws IOException {
        Path logs = Path.of("target/function-logs").toAbsolutePath();
        Files.createDirectories(logs);
        return new LocalRunner.Options()
                .projectRoot(Path.of("..").toAbsolutePath().normalize())
                .apiPort(0)
                .parameter("SourcesOffline", "true")
                .onFailureRedelivery(Duration.ofSeconds(2))
                .s3AtStart(false)
                .prewarm(false)
                .functionOutput(java.lang.ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
    }

    /**
     * A trends start body bringing its own export of {@code keyword} (six months), as an offline
     * runner requires: without live sources a start without series_csv is refused.
     */
    static String trendsWithExport(String industry, String keyword) {
        return "{\"industry\":\"" + industry + "\",\"keywords\":[\"" + keyword + "\"],\"series_csv\":\"Month," + keyword
                + "\\n2024-01,10\\n2024-02,14\\n2024-03,19\\n2024-04,22\\n2024-05,28\\n2024-06,31\\n\"}";
    }

    /** A contact for the sources' User-Agent, as an operator gives one with --contact. */
    static final String CONTACT = "keyword-trend-tests@example.org";

    /**
     * {@link #options} with the live sources on, at the base URLs given (such as *_URL: a local server). A local
     * server that refuses or fails a call does so again at once, so the sources retry after 50 ms, not 500: as many
     * retries, and the same outcome, without seconds of waiting for a public API to recover.
     */
    static LocalRunner.Options live(String name, Map<String, String> sourceSettings) throws IOException {
        Map<String, String> settings = new HashMap<>(sourceSettings);
        settings.putIfAbsent(SourceClients.RETRY_BACKOFF_MS, "50");
        return options(name).parameter("SourcesOffline", "false").parameter("SourcesContact", CONTACT).runnerEnvironment(settings);
    }

    /** {@link #options} with both processors running the real engines behind the fault injector. */
    static LocalRunner.Options withFaults(String name) throws IOException {
        return ProcessorsWithFaults.apply(options(name));
    }

    static DynamoDbClient dynamoDb(LocalRunner runner) {
        return AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, runner.dynamoDbEndpoint(), "AWS_REGION", "us-east-1")::get,
                Duration.ofSeconds(5), AwsClients.emulatorCredentials());
    }

    static Map<String, AttributeValue> item(DynamoDbClient dynamoDb, String jobId) {
        return dynamoDb.getItem(r -> r.tableName(JOBS_TABLE).key(Map.of("job_id", AttributeValue.fromS(jobId)))
                .consistentRead(true)).item();
    }

    static int attempts(DynamoDbClient dynamoDb, String jobId) {
        return Integer.parseInt(item(dynamoDb, jobId).get("attempts").n());
    }

    /** A short message for assertions: status, attempts and message of a polled job. */
    static String describe(JsonNode polled) {
        return polled.path("status").asText() + " " + polled.path("stage").asText() + " " + polled.path("message").asText("");
    }
}
