package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.attempts;
import static com.keywordtrend.systemtests.TestRunners.describe;
import static com.keywordtrend.systemtests.TestRunners.item;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.streams.StreamPoller;
import com.keywordtrend.model.Timestamps;
import com.keywordtrend.store.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Real faults, through the local runner with every function in its own JVM and the real engines
 * (offline): a processor killed with SIGKILL, out of memory, the emulator frozen, a failing batch of
 * the other job type, a burst of starts. Every job is polled to a terminal status. Times are printed
 * as "FAULT ..." lines (docs/benchmarks.md quotes them).
 */
class FaultsTest {
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

    @Test
    void processor_killed_with_sigkill_mid_job_every_job_completes_on_a_later_attempt_within_60_s() throws Exception {
        // one batch at a time per shard, so that each kill hits the attempt it is aimed at (with ten
        // lanes, a kill also fells the other lanes' environments, whatever attempt they are on)
        start(TestRunners.withFaults("FaultsTest-kill").parallelizationFactor(1));
        LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
        // each job's first attempt works for 15 s before the real work: long enough to be killed mid-job
        List<String> ids = burst(5, "fault:slow-once:15|healthcare");
        Map<String, Instant> killedAt = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
            boolean allFinal = true;
            for (String id : ids) {
                JsonNode job = api.poll(ORCHESTRATE, id);
                String status = job.path("status").asText();
                if (status.equals("PROCESSING") && attempts(dynamoDb, id) == 1 && !killedAt.containsKey(id)) {
                    List<Long> pids = processor.busyPids();
                    if (!pids.isEmpty()) {
                        Instant now = Instant.now();
                        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)); // SIGKILL
                        for (String other : ids) {
                            if ("PROCESSING".equals(api.poll(ORCHESTRATE, other).path("status").asText())
                                    && attempts(dynamoDb, other) == 1) killedAt.putIfAbsent(other, now);
                        }
                    }
                }
                allFinal &= status.equals("COMPLETED") || status.equals("FAILED");
            }
            return allFinal;
        });
        for (String id : ids) {
            JsonNode job = api.poll(ORCHESTRATE, id);
            assertEquals("COMPLETED", job.path("status").asText(), describe(job));
            assertTrue(attempts(dynamoDb, id) >= 2, "completed on a later attempt");
            Duration recovery = Duration.between(killedAt.get(id), completedAt(id));
            System.out.printf("FAULT kill -9: job %s completed %d ms after the kill, attempt %d%n",
                    id, recovery.toMillis(), attempts(dynamoDb, id));
            assertTrue(recovery.compareTo(RECOVERY) <= 0, "recovered in " + recovery);
        }
    }

    @Test
    void processor_frozen_with_sigstop_other_lanes_complete_meanwhile_and_the_frozen_job_on_a_later_attempt() throws Exception {
        Duration timeout = Duration.ofSeconds(30); // twice the budget below, as template.yaml sizes it
        start(TestRunners.withFaults("FaultsTest-freeze").timeout("OrchestrateProcessorFunction", timeout)
                .functionSetting("KEYWORDS_TIME_BUDGET_SECONDS", "15"));
        LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
        String frozenJob = startOrchestrate("fault:slow-once:15|healthcare");
        List<Long> frozen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!"PROCESSING".equals(api.poll(ORCHESTRATE, frozenJob).path("status").asText())) return false;
            frozen.addAll(processor.busyPids());
            return !frozen.isEmpty();
        });
        for (long pid : frozen) assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor());
        Instant frozenAt = Instant.now();
        int frozenLane = StreamPoller.laneOfKeys(keys(frozenJob), 10);
        List<String> others = burst(6, "healthcare");
        for (String id : others) {
            JsonNode job = api.awaitFinal(ORCHESTRATE, id, Duration.ofMinutes(2));
            assertEquals("COMPLETED", job.path("status").asText(), describe(job));
            if (StreamPoller.laneOfKeys(keys(id), 10) != frozenLane) {
                // its batch ran in another lane of the shard, while the frozen environment still held its own
                assertTrue(completedAt(id).isBefore(frozenAt.plus(timeout)), id + " waited for the frozen batch");
                System.out.printf("FAULT SIGSTOP: job %s in another lane completed %d ms after the freeze%n",
                        id, Duration.between(frozenAt, completedAt(id)).toMillis());
            }
        }
        JsonNode job = api.awaitFinal(ORCHESTRATE, frozenJob, Duration.ofMinutes(3));
        assertEquals("COMPLETED", job.path("status").asText(), describe(job));
        assertTrue(attempts(dynamoDb, frozenJob) >= 2, "completed on a later attempt");
        Duration recovery = Duration.between(frozenAt, completedAt(frozenJob));
        System.out.printf("FAULT SIGSTOP: the frozen job completed %d ms after the freeze (Timeout %d s, lease %d s)%n",
                recovery.toMillis(), timeout.toSeconds(), LEASE.toSeconds());
        assertTrue(recovery.compareTo(timeout.plus(LEASE).plusSeconds(20)) <= 0, "recovered in " + recovery);
    }

    /** A job's Keys as its stream record carries them. */
    static JsonNode keys(String jobId) {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return json.objectNode().set("job_id", json.objectNode().put("S", jobId));
    }

    @Test
    void processor_out_of_memory_every_job_completes_on_a_later_attempt() throws Exception {
        // one batch at a time per shard, as the kill test: with ten lanes, four 512 MB environments
        // start at once and one run (of four) ended a job FAILED after its attempts (see issue 19's note)
        start(TestRunners.withFaults("FaultsTest-oom").memory("OrchestrateProcessorFunction", 512).parallelizationFactor(1));
        Instant started = Instant.now();
        List<String> ids = burst(5, "fault:oom-once|healthcare");
        for (String id : ids) {
            JsonNode job = api.awaitFinal(ORCHESTRATE, id, Duration.ofMinutes(3));
            assertEquals("COMPLETED", job.path("status").asText(), describe(job));
            assertTrue(attempts(dynamoDb, id) >= 2, "completed on a later attempt");
            System.out.printf("FAULT out of memory: job %s completed %d ms after its start, attempt %d%n",
                    id, Duration.between(started, completedAt(id)).toMillis(), attempts(dynamoDb, id));
            assertTrue(Duration.between(started, completedAt(id)).compareTo(RECOVERY) <= 0);
        }
    }

    @Test
    void emulator_paused_for_20_s_every_job_completes_within_60_s_of_the_resume() throws Exception {
        start(TestRunners.withFaults("FaultsTest-pause"));
        List<String> ids = burst(5, "fault:slow-once:8|healthcare");
        // frozen while jobs are mid-work: their heartbeats, progress and completions cannot be written
        await().atMost(Duration.ofSeconds(60)).until(() -> "PROCESSING".equals(api.poll(ORCHESTRATE, ids.getFirst()).path("status").asText()));
        Dynoxide emulator = runner.dynoxide().orElseThrow();
        emulator.pause();
        try {
            Thread.sleep(20_000); // the fault itself: DynamoDB unreachable for 20 s
        } finally {
            emulator.resume();
        }
        Instant resumed = Instant.now();
        for (String id : ids) {
            JsonNode job = api.awaitFinal(ORCHESTRATE, id, RECOVERY);
            assertEquals("COMPLETED", job.path("status").asText(), describe(job));
            System.out.printf("FAULT emulator paused 20 s: job %s completed %d ms after the resume, attempt %d%n",
                    id, Math.max(0, Duration.between(resumed, completedAt(id)).toMillis()), attempts(dynamoDb, id));
        }
    }

    @Test
    void emulator_paused_and_unreachable_for_20_s_every_job_completes_within_60_s_of_the_resume() throws Exception {
        int emulatorPort = Dynoxide.freePort();
        try (NetworkLink link = new NetworkLink(emulatorPort)) {
            start(TestRunners.withFaults("FaultsTest-partition").dynamoDbPort(emulatorPort)
                    .functionSetting(AwsClients.ENDPOINT, link.endpoint()).parallelizationFactor(1));
            // the runner reads a shard one batch at a time: while a first job holds the mapping, the
            // burst queues up in the stream and then arrives as one batch of five
            String holder = startOrchestrate("fault:slow:8|healthcare"); // long enough for the five starts to queue behind it on a busy machine
            await().atMost(Duration.ofSeconds(30)).until(() -> "PROCESSING".equals(item(dynamoDb, holder).get("status").s()));
            List<String> ids = burst(5, "fault:slow-once:3|healthcare");
            // every job of the burst mid-work: its first attempt waits 3 s before the real work, so its
            // completion is sent into the outage and times out (10 s) before the link heals
            await().atMost(Duration.ofSeconds(40)).until(() -> ids.stream()
                    .allMatch(id -> "PROCESSING".equals(item(dynamoDb, id).get("status").s())));
            // nothing the functions send in these 20 s reaches the store, and the store does nothing:
            // completions, releases and heartbeats fail; the completion is sent again after a backoff
            // (the work is done), or a later attempt finishes the job when another took it meanwhile
            Dynoxide emulator = runner.dynoxide().orElseThrow();
            link.cut();
            emulator.pause();
            try {
                Thread.sleep(20_000); // the fault itself
            } finally {
                emulator.resume();
                link.heal();
            }
            Instant resumed = Instant.now();
            for (String id : ids) {
                JsonNode job = api.awaitFinal(ORCHESTRATE, id, RECOVERY);
                assertEquals("COMPLETED", job.path("status").asText(), describe(job));
                Duration recovery = Duration.between(resumed, completedAt(id));
                assertTrue(recovery.compareTo(RECOVERY) <= 0, "completed " + recovery + " after the resume");
                System.out.printf("FAULT emulator paused and unreachable 20 s: job %s completed %d ms after the resume,"
                        + " attempt %d%n", id, recovery.toMillis(), attempts(dynamoDb, id));
            }
        }
    }

    @Test
    void failed_trends_batches_leave_every_orchestrate_job_untouched() throws Exception {
        start(TestRunners.withFaults("FaultsTest-isolation").timeout("TrendsProcessorFunction", Duration.ofSeconds(5)));
        List<String> orchestrate = new ArrayList<>();
        List<String> trends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trends.add(api.start("/trends", TestRunners.trendsWithExport("fault:hang-always|healthcare", "a")));
            // still running (or waiting) when the trends batches run out of retries
            orchestrate.add(startOrchestrate("fault:slow:20|healthcare"));
        }
        for (String id : trends) {
            JsonNode job = api.awaitFinal("/trends", id, Duration.ofMinutes(3));
            assertEquals("FAILED", job.path("status").asText(), describe(job));
        }
        for (String id : orchestrate) {
            JsonNode job = api.awaitFinal(ORCHESTRATE, id, Duration.ofMinutes(3));
            assertEquals("COMPLETED", job.path("status").asText(), describe(job));
            assertEquals(1, attempts(dynamoDb, id), "never failed, released or reclaimed");
            assertFalse(item(dynamoDb, id).containsKey("error_message"));
        }
    }

    @Test
    void three_hundred_concurrent_starts_all_end_completed_or_failed_with_a_reason() throws Exception {
        start(TestRunners.options("FaultsTest-burst"));
        String csv = "Month,AI diagnostics: (Worldwide),medical imaging: (Worldwide)\\n"
                + "2024-01,10,60\\n2024-02,14,58\\n2024-03,19,57\\n2024-04,22,55\\n2024-05,28,52\\n2024-06,31,50\\n";
        List<Future<String[]>> starts = new ArrayList<>();
        Instant begun = Instant.now();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 300; i++) {
                int n = i;
                starts.add(clients.submit(() -> n % 2 == 0
                        ? new String[] {ORCHESTRATE, startOrchestrate("healthcare " + n)}
                        : new String[] {"/trends", api.start("/trends", "{\"industry\":\"healthcare\",\"keywords\":"
                                + "[\"AI diagnostics\",\"medical imaging\"],\"series_csv\":\"" + csv + "\"}")}));
            }
        }
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (Future<String[]> start : starts) {
            String[] job = start.get();
            JsonNode done = api.awaitFinal(job[0], job[1], Duration.ofMinutes(10));
            String status = done.path("status").asText();
            assertTrue(status.equals("COMPLETED") || (status.equals("FAILED") && !done.path("message").asText().isBlank()),
                    describe(done));
            outcomes.merge(job[0] + " " + status, 1, Integer::sum);
        }
        System.out.printf("FAULT 300 concurrent starts: %s, all final %d s after the first start%n",
                outcomes, Duration.between(begun, Instant.now()).toSeconds());
        assertEquals(300, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }
}
