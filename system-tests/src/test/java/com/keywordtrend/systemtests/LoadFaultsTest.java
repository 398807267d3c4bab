package com.keywordtrend.systemtests;

import static com.keywordtrend.systemtests.TestRunners.attempts;
import static com.keywordtrend.systemtests.TestRunners.describe;
import static com.keywordtrend.systemtests.TestRunners.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Trends batches that fail on every attempt beside orchestrate jobs, and 300 concurrent starts:
 * every job ends, each as it should.
 */
class LoadFaultsTest extends FaultsTest {
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
