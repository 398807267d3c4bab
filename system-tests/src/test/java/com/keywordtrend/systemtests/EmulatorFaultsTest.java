package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.attempts;
import static com.keywordtrend.systemtests.TestRunners.describe;
import static com.keywordtrend.systemtests.TestRunners.item;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.store.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulator frozen for 20 s mid-job, and frozen and cut off from the functions: every job
 * completes within 60 s of the resume.
 */
class EmulatorFaultsTest extends FaultsTest {
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
}
