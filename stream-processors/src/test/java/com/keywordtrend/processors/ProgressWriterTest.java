package com.keywordtrend.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When progress is written, and that an unreachable store does not cost a timed-out write per stage. */
class ProgressWriterTest {
    static final String JOB_ID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final JobStreamProcessorTest.MovingClock clock = new JobStreamProcessorTest.MovingClock(START);
    final List<String> attempted = new ArrayList<>();
    boolean unreachable;

    final InMemoryJobRepository repository = new InMemoryJobRepository() {
        @Override
        public synchronized boolean reportProgress(String jobId, String holder, int progress, String stage, Instant now) {
            attempted.add(stage + " " + progress);
            if (unreachable) throw new JobStoreUnavailableException("UpdateItem progress could not reach DynamoDB", null);
            return super.reportProgress(jobId, holder, progress, stage, now);
        }
    };

    ProgressWriter writer() {
        repository.put(Job.pending(JOB_ID, JobType.ORCHESTRATE, Job.ANONYMOUS, START, JobPolicy.DEFAULT,
                JsonNodeFactory.instance.objectNode().put("industry", "healthcare")));
        repository.claim(JOB_ID, "attempt-1", START, START.plusSeconds(30), JobPolicy.DEFAULT);
        return new ProgressWriter(repository, JOB_ID, "attempt-1", clock);
    }

    @Test
    void job_answered_in_a_moment_writes_no_progress_the_claim_already_wrote_its_state() {
        ProgressWriter progress = writer();
        progress.report(5, "reading series");
        clock.advance(Duration.ofMillis(50));
        progress.report(15, "fetching pageviews");
        progress.report(60, "analysing trends");
        progress.flush();
        assertEquals(List.of(), attempted);
    }

    @Test
    void writes_at_most_every_two_seconds_and_a_held_report_is_written_by_the_next_flush() {
        ProgressWriter progress = writer();
        progress.report(10, "sources");
        progress.report(20, "sources");
        progress.flush();
        assertEquals(List.of(), attempted, "within two seconds of the claim");

        clock.advance(ProgressWriter.MIN_INTERVAL);
        progress.flush();
        assertEquals(List.of("sources 20"), attempted, "the newest report held");

        progress.report(30, "scoring");
        clock.advance(Duration.ofSeconds(1));
        progress.report(40, "scoring");
        clock.advance(Duration.ofSeconds(1));
        progress.report(50, "ranking");
        progress.flush();
        assertEquals(List.of("sources 20", "ranking 50"), attempted);
        assertEquals(50, repository.find(JOB_ID).orElseThrow().progress());
    }

    @Test
    void after_a_failed_write_no_progress_is_tried_for_ten_seconds_even_on_a_new_stage() {
        ProgressWriter progress = writer();
        clock.advance(ProgressWriter.MIN_INTERVAL);
        unreachable = true;
        progress.report(10, "sources");
        clock.advance(Duration.ofSeconds(3));
        progress.report(20, "scoring");
        clock.advance(Duration.ofSeconds(3));
        progress.report(30, "clustering");
        progress.flush();
        assertEquals(List.of("sources 10"), attempted, "one timed-out write, not one per stage");

        unreachable = false;
        clock.advance(ProgressWriter.AFTER_FAILURE);
        progress.report(90, "ranking");
        assertEquals(List.of("sources 10", "ranking 90"), attempted);
        assertEquals(90, repository.find(JOB_ID).orElseThrow().progress());
    }
}
