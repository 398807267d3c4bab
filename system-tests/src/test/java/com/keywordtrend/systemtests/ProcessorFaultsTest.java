package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.attempts;
import static com.keywordtrend.systemtests.TestRunners.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.streams.StreamPoller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A processor killed with SIGKILL mid-job, frozen with SIGSTOP, out of memory: each job completes
 * on a later attempt, once the lease lapses.
 */
class ProcessorFaultsTest extends FaultsTest {
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
}
