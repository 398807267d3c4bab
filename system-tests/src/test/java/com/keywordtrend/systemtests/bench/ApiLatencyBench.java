package com.keywordtrend.systemtests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.systemtests.faults.ProcessorsWithFaults;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.processors.JobStreamProcessor;
import com.keywordtrend.processors.OrchestrateProcessor;
import com.keywordtrend.processors.TrendsProcessor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Start and poll latency through the local runner (HTTP → handler → Dynoxide), beside a raw
 * PutItem and GetItem on the same emulator; the deployable jars' sizes; a fresh JVM's time to its
 * first reply. The processors run an instant engine so that the work does not compete for the CPU.
 * Run by system-tests/bench.sh; the first argument is the number of requests of each kind (default 2000);
 * {@code --no-aot-cache} after it starts the function JVMs without their AOT cache (the init times compare).
 */
public final class ApiLatencyBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        boolean aotCache = !Arrays.asList(args).contains("--no-aot-cache");
        Path root = Path.of("").toAbsolutePath();
        try (LocalRunner runner = LocalRunner.start(ProcessorsWithFaults.apply(new LocalRunner.Options().projectRoot(root)
                .apiPort(0).parameter("SourcesOffline", "true").parameter("MaxJobsInFlightPerClient", "0").aotCache(aotCache)
                .functionOutput(ProcessBuilder.Redirect.DISCARD)))) {
            HttpClient http = HttpClient.newHttpClient();
            URI orchestrate = runner.apiBase().resolve("/orchestrate");
            // the processors return at once, so that their work does not compete with the API for the CPU
            String startBody = "{\"industry\":\"fault:instant|healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\",\"analysis\"]}";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) ids.add(post(http, orchestrate, startBody)); // warm-up
            for (int i = 0; i < 300; i++) post(http, orchestrate, "{\"job_id\":\"" + ids.get(i) + "\"}");

            long[] start = new long[n];
            long[] poll = new long[n];
            ids.clear();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                ids.add(post(http, orchestrate, startBody));
                start[i] = System.nanoTime() - t;
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                post(http, orchestrate, "{\"job_id\":\"" + ids.get(i) + "\"}");
                poll[i] = System.nanoTime() - t;
            }

            String table = "JobsTable";
            long[] put = new long[n];
            long[] get = new long[n];
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, runner.dynamoDbEndpoint())::get,
                    Duration.ofSeconds(5), AwsClients.emulatorCredentials())) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 300 + n; i++) {
                    String id = UUID.randomUUID().toString();
                    Map<String, AttributeValue> item = Map.of("job_id", AttributeValue.fromS(id),
                            "job_type", AttributeValue.fromS("bench"), "status", AttributeValue.fromS("PENDING"),
                            "industry", AttributeValue.fromS("healthcare"), "usp", AttributeValue.fromS("AI-powered diagnostics"));
                    long t = System.nanoTime();
                    dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(job_id)"));
                    if (i >= 300) put[i - 300] = System.nanoTime() - t;
                    keys.add(id);
                }
                for (int i = 0; i < 300 + n; i++) {
                    String id = keys.get(i);
                    long t = System.nanoTime();
                    dynamoDb.getItem(r -> r.tableName(table).key(Map.of("job_id", AttributeValue.fromS(id))).consistentRead(true));
                    if (i >= 300) get[i - 300] = System.nanoTime() - t;
                }
            }
            System.out.printf("%d requests each, one client, sequential (ms)%n", n);
            report("start via runner (HTTP + handler + PutItem)", start);
            report("poll via runner (HTTP + handler + GetItem)", poll);
            report("raw PutItem (SDK → Dynoxide)", put);
            report("raw GetItem, consistent (SDK → Dynoxide)", get);

            for (String jar : List.of("api/target/api-lambda.jar", "stream-processors/target/stream-processors-lambda.jar")) {
                System.out.printf("%-55s %6.1f MB%n", jar, Files.size(root.resolve(jar)) / 1_048_576.0);
            }
            environments(runner);
            firstReply(root, runner.dynamoDbEndpoint(), table);
        }
        System.exit(0); // the EMF metrics writer keeps a non-daemon thread; the runner itself is closed
    }

    /** Each function's execution environments: init time (process start to first request for work) and resident memory. */
    static void environments(LocalRunner runner) throws Exception {
        for (String id : List.of("OrchestrateFunction", "TrendsFunction", "OrchestrateProcessorFunction",
                "TrendsProcessorFunction", "FailedBatchFunction")) {
            var function = runner.function(id).orElseThrow();
            long rss = 0;
            for (long pid : function.environmentPids()) {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) rss += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            System.out.printf("%-30s environments %d  init ms %s  resident %.0f MB%n", id, function.environmentPids().size(),
                    function.initMillis(), rss / 1024.0);
        }
    }

    static String post(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) throw new IllegalStateException(reply.statusCode() + " " + reply.body());
        return JSON.readTree(reply.body()).path("job_id").asText();
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-50s p50 %6.2f  p99 %6.2f  max %7.2f%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Five fresh JVMs on the api jar alone, each answering one start. */
    static void firstReply(Path root, String endpoint, String table) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = root.resolve("api/target/api-lambda.jar") + ":" + root.resolve("local/target/classes") + ":"
                + Path.of(FirstRequestProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (int run = 1; run <= 5; run++) {
            long t = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-cp", cp, FirstRequestProbe.class.getName()).redirectErrorStream(true);
            builder.environment().putAll(Map.of("JOBS_TABLE_NAME", table, "DYNAMODB_ENDPOINT", endpoint,
                    "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
            Process process = builder.start();
            String line;
            String result = "no result";
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                while ((line = out.readLine()) != null) if (line.startsWith("FIRST_REPLY_MS")) result = line;
            }
            process.waitFor();
            System.out.printf("fresh JVM %d: %s (process wall %d ms)%n", run, result, (System.nanoTime() - t) / 1_000_000);
        }
    }
}
