package com.keywordtrend.systemtests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * What one write costs the emulator as the jobs table's stream grows, beside the same writes to a
 * copy of the table without a stream: the lifecycle of a trends job (start PutItem, claim,
 * completion with a result like the throughput bench's) on a copy of the template's JobsTable (keys, owner
 * index, stream view; no mapping polls it), and the same on a copy without the stream. One client, one request at a time, so
 * the time per request is the emulator's own (it serves one request at a time).
 * Run by system-tests/emulator-cost.sh [jobs per round].
 */
public final class EmulatorStreamCost {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Options().projectRoot(Path.of("").toAbsolutePath())
                .apiPort(0).parameter("SourcesOffline", "true").functionOutput(ProcessBuilder.Redirect.DISCARD))) {
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, runner.dynamoDbEndpoint(), "AWS_REGION", "us-east-1")::get,
                    Duration.ofSeconds(30), AwsClients.emulatorCredentials());
            // copies of the template's JobsTable (keys, owner index, stream view), which no mapping polls
            var table = dynamoDb.describeTable(r -> r.tableName("JobsTable")).table();
            for (String copy : java.util.List.of("BenchJobsWithStream", "BenchJobsWithoutStream")) {
                dynamoDb.createTable(r -> {
                    r.tableName(copy).keySchema(table.keySchema()).attributeDefinitions(table.attributeDefinitions()).billingMode("PAY_PER_REQUEST")
                            .globalSecondaryIndexes(table.globalSecondaryIndexes().stream().map(index -> GlobalSecondaryIndex.builder()
                                    .indexName(index.indexName()).keySchema(index.keySchema()).projection(index.projection()).build()).toList());
                    if (copy.endsWith("WithStream")) r.streamSpecification(table.streamSpecification());
                });
            }
            DynamoDbJobRepository jobs = new DynamoDbJobRepository(dynamoDb, "BenchJobsWithStream");
            DynamoDbJobRepository withoutStream = new DynamoDbJobRepository(dynamoDb, "BenchJobsWithoutStream");
            ObjectNode results = trendsResult();
            System.out.printf("a completed job's result: %,d bytes of JSON%n", JSON.writeValueAsBytes(results).length);
            lifecycles(withoutStream, results, 200); // warms up this JVM
            System.out.println("| stream records | ms per write, jobs table (its stream) | ms per write, the same without a stream |");
            System.out.println("|---|---|---|");
            long records = 0;
            for (int round = 0; round < 6; round++) {
                double streamMillis = lifecycles(jobs, results, perRound);
                records += perRound * 3L;
                double plainMillis = lifecycles(withoutStream, results, perRound);
                System.out.printf("| %,d | %.1f | %.1f |%n", records, streamMillis, plainMillis);
            }
            // does it serve requests in parallel? the same writes from 8 clients at once
            long began = System.nanoTime();
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int c = 0; c < 8; c++) clients.submit(() -> lifecycles(withoutStream, results, perRound / 8));
            }
            double concurrentMillis = (System.nanoTime() - began) / 1e6 / (perRound / 8 * 8 * 3);
            System.out.printf("without a stream, 8 clients at once: %.1f ms of wall time per write (one client: %.1f)%n",
                    concurrentMillis, lifecycles(withoutStream, results, perRound));
        }
    }

    /** {@code n} jobs started, claimed and completed, one write at a time: the mean ms per write. */
    static double lifecycles(DynamoDbJobRepository jobs, ObjectNode results, int n) throws Exception {
        long began = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            Instant now = Instant.now();
            jobs.create(Job.pending(id, JobType.TRENDS, Job.ANONYMOUS, now, JobPolicy.DEFAULT,
                    (ObjectNode) JSON.readTree("{\"industry\":\"bench\",\"granularity\":\"monthly\",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}")));
            jobs.claim(id, "bench", now, now.plusSeconds(30), JobPolicy.DEFAULT).orElseThrow();
            jobs.complete(id, "bench", results, now);
        }
        return (System.nanoTime() - began) / 1e6 / (n * 3);
    }

    /** A trends result the size of the throughput bench's: 5 keywords, 24 months, insights and sources. */
    static ObjectNode trendsResult() {
        ObjectNode result = JSON.createObjectNode().put("granularity", "monthly");
        var timeline = result.putArray("timeline");
        for (int month = 0; month < 24; month++) {
            ObjectNode point = timeline.addObject().put("date", "2024-%02d-01".formatted(month % 12 + 1));
            ObjectNode values = point.putObject("values");
            for (int k = 0; k < 5; k++) values.put("bench topic " + k, 40 + (month * 7 + k * 13) % 60);
        }
        var insights = result.putArray("insights");
        for (int k = 0; k < 5; k++) {
            insights.addObject().put("keyword", "bench topic " + k).put("status", "rising").put("slope_per_year", 3.2 + k)
                    .put("p_value", 0.004).put("peak", "2025-03-01").put("seasonality", 0.31)
                    .put("summary", "Interest in bench topic " + k + " rose by about a third over the two years, steadily, with a peak in March and "
                            + "a seasonal low each August; the rise is unlikely to be chance (Mann-Kendall p < 0.01).");
        }
        var sources = result.putArray("sources");
        for (int k = 0; k < 5; k++) {
            sources.addObject().put("keyword", "bench topic " + k).put("source", "wikimedia_pageviews").put("status", "ok")
                    .putObject("cache").put("hits", 0).put("misses", 2);
        }
        return result;
    }
}
