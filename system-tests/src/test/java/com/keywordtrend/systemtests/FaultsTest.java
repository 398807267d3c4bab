package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.model.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
/**
 * Real faults, through the local runner with every function in its own JVM and the real engines
 * (offline): what the fault tests share. Each test starts a runner of its own; every job is polled
 * to a terminal status. Times are printed as "FAULT ..." lines (docs/benchmarks.md quotes them).
 * The tests are in three classes, so that two can run at once: {@link ProcessorFaultsTest} (a
 * processor killed, frozen, out of memory), {@link EmulatorFaultsTest} (the emulator frozen, and cut
 * off) and {@link LoadFaultsTest} (failing batches of the other type, a burst of 300 starts).
 */
abstract class FaultsTest {
    static final String ORCHESTRATE = "/orchestrate";
    static final Duration RECOVERY = Duration.ofSeconds(60);
    /**
     * The processors' lease here (JOB_LEASE_SECONDS; 30 s deployed): a job whose holder was killed,
     * frozen or ran out of memory is reclaimed once it lapses, so the tests wait out a real lease,
     * a third as long. The heartbeat renews it every third of it, as deployed.
     */
    static final Duration LEASE = Duration.ofSeconds(10);

    LocalRunner runner;
    ApiClient api;
    DynamoDbClient dynamoDb;

    void start(LocalRunner.Options options) throws Exception {
        runner = LocalRunner.start(options.functionSetting("JOB_LEASE_SECONDS", Long.toString(LEASE.toSeconds())));
        api = new ApiClient(runner.apiBase());
        dynamoDb = TestRunners.dynamoDb(runner);
    }

    @AfterEach
    void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    String startOrchestrate(String industry) throws Exception {
        return api.start(ORCHESTRATE, "{\"industry\":\"" + industry + "\",\"usp\":\"AI-powered diagnostics\","
                + "\"key_services\":[\"imaging\",\"analysis\"]}");
    }

    /** Starts {@code jobs} jobs at once, so that their records tend to share a stream batch. */
    List<String> burst(int jobs, String industry) throws Exception {
        List<Future<String>> started = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < jobs; i++) started.add(clients.submit(() -> startOrchestrate(industry)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : started) ids.add(id.get());
        return ids;
    }

    /** When the job's completion was written. */
    Instant completedAt(String id) {
        return Timestamps.parse(item(dynamoDb, id).get("updated_at").s());
    }

    /** A job's Keys as its stream record carries them. */
    static JsonNode keys(String jobId) {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return json.objectNode().set("job_id", json.objectNode().put("S", jobId));
    }
}
