package com.keywordtrend.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor's own mechanics on the stream events under events/stream, with a fake store. */
class JobStreamProcessorTest {
    static final String JOB_ID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");

    InMemoryJobRepository repository;
    AtomicInteger runs;
    Clock clock = Clock.fixed(CREATED.plusSeconds(5), ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        repository = new InMemoryJobRepository();
        runs = new AtomicInteger();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("usp", "AI");
        repository.put(Job.pending(JOB_ID, JobType.ORCHESTRATE, CREATED, JobPolicy.DEFAULT, data));
    }

    JobStreamProcessor processor(JobEngine engine) {
        return new JobStreamProcessor(JobType.ORCHESTRATE, engine, repository, JobPolicy.DEFAULT, clock);
    }

    static DynamodbEvent event(String name) {
        return EventLoader.loadDynamoDbEvent("../events/stream/" + name);
    }

    JobEngine succeeding() {
        return (job, progress, deadline) -> {
            runs.incrementAndGet();
            progress.report(50, "halfway");
            ObjectNode results = JsonNodeFactory.instance.objectNode();
            results.putArray("keywords").addObject().put("term", "AI diagnostics").put("weight", 0.9);
            return results;
        };
    }

    @Test
    void insert_record_runs_the_job_to_completed() {
        StreamsEventResponse response = processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(100, job.progress());
        assertEquals("AI diagnostics", job.data().get("keywords").get(0).get("term").asText());
    }

    @Test
    void same_record_delivered_twice_does_the_work_once() {
        JobStreamProcessor processor = processor(succeeding());
        processor.process(event("orchestrate-insert.json"), new TestContext());
        StreamsEventResponse second = processor.process(event("orchestrate-insert.json"), new TestContext());
        assertEquals(1, runs.get());
        assertTrue(second.getBatchItemFailures().isEmpty());
    }

    @Test
    void modify_record_is_never_processed() {
        processor(succeeding()).process(event("orchestrate-modify.json"), new TestContext());
        assertEquals(0, runs.get());
        assertEquals(JobStatus.PENDING, repository.find(JOB_ID).orElseThrow().status());
    }

    @Test
    void record_of_the_other_job_type_is_never_processed() {
        new JobStreamProcessor(JobType.TRENDS, succeeding(), repository, JobPolicy.DEFAULT, clock)
                .process(event("orchestrate-insert.json"), new TestContext());
        assertEquals(0, runs.get());
    }

    @Test
    void job_that_cannot_succeed_ends_failed_with_its_message_and_is_not_retried() {
        StreamsEventResponse response = processor((job, progress, deadline) -> {
            throw new JobFailedException("No keyword source answered. Please try again later.");
        }).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("No keyword source answered. Please try again later.", job.errorMessage());
    }

    @Test
    void unexpected_error_returns_only_that_record_and_releases_the_job_for_the_retry() {
        JobStreamProcessor processor = processor((job, progress, deadline) -> {
            if (runs.incrementAndGet() == 1) throw new IllegalStateException("boom");
            ObjectNode results = JsonNodeFactory.instance.objectNode();
            results.putArray("keywords").addObject().put("term", "x").put("weight", 1);
            return results;
        });
        StreamsEventResponse first = processor.process(event("orchestrate-insert.json"), new TestContext());
        assertEquals(1, first.getBatchItemFailures().size());
        assertEquals("111100000000000000001", first.getBatchItemFailures().getFirst().getItemIdentifier());
        assertEquals(JobStatus.PROCESSING, repository.find(JOB_ID).orElseThrow().status());

        StreamsEventResponse retry = processor.process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(retry.getBatchItemFailures().isEmpty());
        assertEquals(JobStatus.COMPLETED, repository.find(JOB_ID).orElseThrow().status());
        assertEquals(2, repository.find(JOB_ID).orElseThrow().attempts());
    }

    @Test
    void job_failing_on_every_attempt_ends_failed_after_the_last() {
        JobStreamProcessor processor = processor((job, progress, deadline) -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        });
        for (int i = 0; i < JobPolicy.DEFAULT.maxAttempts(); i++) processor.process(event("orchestrate-insert.json"), new TestContext());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(3, runs.get());
        assertTrue(job.errorMessage().contains("3 times"));
    }

    @Test
    void job_whose_lease_is_held_by_a_live_invocation_is_left_alone() {
        repository.claim(JOB_ID, "other-invocation", clock.instant(), clock.instant().plus(Duration.ofMinutes(10)), JobPolicy.DEFAULT);
        StreamsEventResponse response = processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(0, runs.get());
        assertEquals("other-invocation", repository.find(JOB_ID).orElseThrow().owner());
    }

    @Test
    void pending_job_delivered_after_the_pending_timeout_is_marked_failed() {
        clock = Clock.fixed(CREATED.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());
        assertEquals(0, runs.get());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.errorMessage().contains("not picked up"));
    }

    @Test
    void lease_ends_before_the_invocation_can_time_out() {
        processor((job, progress, deadline) -> {
            Job claimed = repository.find(JOB_ID).orElseThrow();
            assertTrue(claimed.leaseExpiresAt().isBefore(clock.instant().plusMillis(60_000)));
            assertTrue(deadline.isBefore(claimed.leaseExpiresAt()));
            runs.incrementAndGet();
            return JsonNodeFactory.instance.objectNode();
        }).process(event("orchestrate-insert.json"), new TestContext("r-1", 60_000));
        assertEquals(1, runs.get());
    }
}
