package com.keywordtrend.processors;

import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.engines.JobFailedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.OrchestrateResults;
import com.keywordtrend.model.TrendsResults;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    /** What the processor's waits do: by default they pass no time at all. */
    JobStreamProcessor.Sleeper sleeper = waits(duration -> { });

    /** A sleeper for the waits of {@code action}; the lease heartbeat's waits last until it is stopped. */
    static JobStreamProcessor.Sleeper waits(java.util.function.Consumer<Duration> action) {
        return duration -> {
            if (Thread.currentThread().getName().startsWith("heartbeat-")) new java.util.concurrent.CountDownLatch(1).await();
            action.accept(duration);
        };
    }

    @BeforeEach
    void setUp() {
        repository = new InMemoryJobRepository();
        runs = new AtomicInteger();
        setUpJob();
    }

    void setUpJob() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("usp", "AI");
        repository.put(Job.pending(JOB_ID, JobType.ORCHESTRATE, Job.ANONYMOUS, CREATED, JobPolicy.DEFAULT, data));
    }

    JobStreamProcessor processor(JobEngine engine) {
        return new JobStreamProcessor(JobType.ORCHESTRATE, engine, repository, JobPolicy.DEFAULT, clock, sleeper);
    }

    /** A clock the test moves; the processor's waits move it instead of sleeping. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    static DynamodbEvent event(String name) {
        return EventLoader.loadDynamoDbEvent("../events/stream/" + name);
    }

    JobEngine succeeding() {
        return (job, progress, deadline) -> {
            runs.incrementAndGet();
            progress.report(50, "halfway");
            return new OrchestrateResults(List.of(new OrchestrateResults.WeightedKeyword("AI diagnostics", 0.9)), List.of());
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
    void a_store_slow_to_take_the_completion_is_asked_again_after_a_backoff_not_the_whole_job() {
        AtomicInteger refusals = new AtomicInteger(2);
        java.util.List<Duration> waited = new java.util.concurrent.CopyOnWriteArrayList<>();
        sleeper = waits(waited::add);
        repository = new InMemoryJobRepository() {
            @Override
            public synchronized boolean complete(String jobId, String holder, ObjectNode results, Instant now) {
                if (refusals.getAndDecrement() > 0) throw new JobStoreUnavailableException("UpdateItem complete could not reach DynamoDB", null);
                return super.complete(jobId, holder, results, now);
            }
        };
        setUpJob();
        assertTrue(processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext()).getBatchItemFailures().isEmpty());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(1, job.attempts(), "one attempt: the work was not done again");
        assertEquals(1, runs.get());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), waited.stream().filter(d -> d.toMillis() >= 500).toList());
    }

    @Test
    void a_completion_that_timed_out_but_was_applied_counts_as_written() {
        repository = new InMemoryJobRepository() {
            private boolean first = true;

            @Override
            public synchronized boolean complete(String jobId, String holder, ObjectNode results, Instant now) {
                boolean written = super.complete(jobId, holder, results, now);
                if (first) {
                    first = false; // applied, but the answer never came back
                    throw new JobStoreUnavailableException("UpdateItem complete could not reach DynamoDB", null);
                }
                return written;
            }
        };
        setUpJob();
        assertTrue(processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext()).getBatchItemFailures().isEmpty());
        assertEquals(JobStatus.COMPLETED, repository.find(JOB_ID).orElseThrow().status());
        assertEquals(1, runs.get());
    }

    @Test
    void a_completion_retried_after_another_attempt_took_the_job_fails_the_record_rather_than_drop_it() {
        repository = new InMemoryJobRepository() {
            private boolean first = true;

            @Override
            public synchronized boolean complete(String jobId, String holder, ObjectNode results, Instant now) {
                if (first) {
                    first = false;
                    // the write never arrived, and meanwhile another attempt took the job over
                    Job job = find(jobId).orElseThrow();
                    put(new Job(job.jobId(), job.type(), job.owner(), JobStatus.PROCESSING, job.createdAt(), now, job.expiresAt(),
                            job.progress(), job.stage(), job.errorMessage(), "another-invocation", now.plusSeconds(30),
                            job.attempts() + 1, job.data()));
                    throw new JobStoreUnavailableException("UpdateItem complete could not reach DynamoDB", null);
                }
                return super.complete(jobId, holder, results, now);
            }
        };
        setUpJob();
        StreamsEventResponse response = processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());
        assertEquals(1, response.getBatchItemFailures().size(), "delivered again: the job is not left to an attempt that lost it");
        assertEquals("another-invocation", repository.find(JOB_ID).orElseThrow().leaseHolder());
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
    void failure_keeps_its_details_such_as_the_sources_report() {
        processor((job, progress, deadline) -> {
            var details = TrendsResults.failed(List.of(new TrendsResults.KeywordSource("a", null, "source failed", "timeout")));
            throw new JobFailedException("The interest sources could not be reached.", details);
        }).process(event("orchestrate-insert.json"), new TestContext());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("source failed", job.data().get("sources").get(0).get("status").asText());
    }

    @Test
    void unexpected_error_returns_only_that_record_and_releases_the_job_for_the_retry() {
        JobStreamProcessor processor = processor((job, progress, deadline) -> {
            if (runs.incrementAndGet() == 1) throw new IllegalStateException("boom");
            return new OrchestrateResults(List.of(new OrchestrateResults.WeightedKeyword("x", 1)), List.of());
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
    void retry_that_finds_the_lease_of_a_dead_attempt_waits_for_it_to_lapse_and_completes_the_job() {
        MovingClock moving = new MovingClock(CREATED.plusSeconds(5));
        clock = moving;
        sleeper = waits(moving::advance);
        // an attempt that claimed the job, then died (kill -9, out of memory) without releasing it
        Instant deadLease = moving.instant().plus(JobPolicy.DEFAULT.lease());
        repository.claim(JOB_ID, "dead-invocation", moving.instant(), deadLease, JobPolicy.DEFAULT);

        StreamsEventResponse response = processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, runs.get());
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(2, job.attempts());
        assertTrue(!moving.instant().isBefore(deadLease), "claimed only once the dead attempt's lease had lapsed");
        assertTrue(moving.instant().isBefore(deadLease.plusSeconds(2)), "and not much later");
    }

    @Test
    void job_whose_holder_keeps_renewing_its_lease_is_left_to_it() {
        MovingClock moving = new MovingClock(CREATED.plusSeconds(5));
        clock = moving;
        Duration lease = JobPolicy.DEFAULT.lease();
        repository.claim(JOB_ID, "live-invocation", moving.instant(), moving.instant().plus(lease), JobPolicy.DEFAULT);
        sleeper = waits(duration -> {
            // while this retry waits, the live holder's heartbeat renews its lease
            moving.advance(duration.dividedBy(2));
            repository.renewLease(JOB_ID, "live-invocation", moving.instant().plus(lease), moving.instant());
        });
        StreamsEventResponse response = processor(succeeding()).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(0, runs.get());
        assertEquals("live-invocation", repository.find(JOB_ID).orElseThrow().leaseHolder());
    }

    @Test
    void heartbeat_renews_the_lease_while_the_work_runs() throws Exception {
        MovingClock moving = new MovingClock(CREATED.plusSeconds(5));
        clock = moving;
        java.util.concurrent.Semaphore beats = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.CountDownLatch renewed = new java.util.concurrent.CountDownLatch(2);
        repository = new InMemoryJobRepository() {
            @Override
            public synchronized boolean renewLease(String jobId, String owner, Instant leaseUntil, Instant now) {
                boolean held = super.renewLease(jobId, owner, leaseUntil, now);
                renewed.countDown();
                return held;
            }
        };
        setUpJob();
        sleeper = duration -> {
            beats.acquire(); // one heartbeat each time the engine lets time pass
            moving.advance(duration);
        };
        Instant[] leases = new Instant[2];
        processor((job, progress, deadline) -> {
            leases[0] = repository.find(JOB_ID).orElseThrow().leaseExpiresAt();
            // the heartbeat looks every 2 s whether the job was cancelled and renews every 10 s: two renewals
            beats.release(10);
            try {
                assertTrue(renewed.await(10, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            leases[1] = repository.find(JOB_ID).orElseThrow().leaseExpiresAt();
            return new OrchestrateResults(List.of(), List.of());
        }).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(leases[1].isAfter(leases[0]), leases[0] + " then " + leases[1]);
        assertEquals(JobStatus.COMPLETED, repository.find(JOB_ID).orElseThrow().status());
    }

    @Test
    void out_of_memory_releases_the_job_and_fails_the_whole_invocation() {
        JobStreamProcessor processor = processor((job, progress, deadline) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertThrows(OutOfMemoryError.class,
                () -> processor.process(event("orchestrate-insert.json"), new TestContext()));
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.PROCESSING, job.status());
        assertTrue(job.leaseExpiresAt().isBefore(clock.instant()), "released: the retry claims it at once");
    }

    @Test
    void record_without_a_job_id_key_is_acknowledged_not_retried() {
        DynamodbEvent event = event("orchestrate-insert.json");
        event.getRecords().getFirst().getDynamodb().getKeys().clear();
        StreamsEventResponse response = processor(succeeding()).process(event, new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(0, runs.get());
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
    void lease_is_short_and_never_outlasts_the_invocation() {
        processor((job, progress, deadline) -> {
            Job claimed = repository.find(JOB_ID).orElseThrow();
            assertEquals(clock.instant().plus(JobPolicy.DEFAULT.lease()), claimed.leaseExpiresAt());
            runs.incrementAndGet();
            return new OrchestrateResults(List.of(), List.of());
        }).process(event("orchestrate-insert.json"), new TestContext("r-1", 900_000));
        processor((job, progress, deadline) -> fail("already done")).process(event("orchestrate-insert.json"),
                new TestContext("r-2", 900_000));
        assertEquals(1, runs.get());
        setUp();
        processor((job, progress, deadline) -> {
            Job claimed = repository.find(JOB_ID).orElseThrow();
            assertEquals(clock.instant().plusMillis(10_000).minus(JobStreamProcessor.LEASE_MARGIN), claimed.leaseExpiresAt());
            assertTrue(deadline.isBefore(claimed.leaseExpiresAt()));
            runs.incrementAndGet();
            return new OrchestrateResults(List.of(), List.of());
        }).process(event("orchestrate-insert.json"), new TestContext("r-3", 10_000));
        assertEquals(1, runs.get());
    }

    @Test
    void cancelled_job_stops_its_work_and_writes_nothing_more() throws Exception {
        MovingClock moving = new MovingClock(CREATED.plusSeconds(5));
        clock = moving;
        java.util.concurrent.Semaphore ticks = new java.util.concurrent.Semaphore(0);
        sleeper = duration -> {
            if (Thread.currentThread().getName().startsWith("heartbeat-")) ticks.acquire(); // one check per permit
            moving.advance(duration);
        };
        int[] writesAfterCancel = new int[1];
        StreamsEventResponse response = processor((job, progress, deadline) -> {
            repository.cancel(JOB_ID, Job.ANONYMOUS, moving.instant()); // DELETE /jobs/{id} while the work runs
            writesAfterCancel[0] = repository.writes.get();
            ticks.release(); // the next check finds the job cancelled and interrupts the work
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("stopped: a source call would be abandoned here");
            }
            return new OrchestrateResults(List.of(), List.of());
        }).process(event("orchestrate-insert.json"), new TestContext());
        assertTrue(response.getBatchItemFailures().isEmpty(), "no retry of a cancelled job");
        Job job = repository.find(JOB_ID).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("Cancelled", job.errorMessage());
        assertEquals(writesAfterCancel[0], repository.writes.get(), "nothing written after the cancel");
    }

    /** {@code n} INSERT records of orchestrate jobs, each job PENDING in the store; sequence numbers 1000 + i. */
    DynamodbEvent batchOf(List<String> ids) {
        DynamodbEvent batch = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new java.util.ArrayList<>();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "healthcare").put("usp", "AI");
        for (int i = 0; i < ids.size(); i++) {
            repository.put(Job.pending(ids.get(i), JobType.ORCHESTRATE, Job.ANONYMOUS, CREATED, JobPolicy.DEFAULT, data));
            DynamodbEvent.DynamodbStreamRecord record = event("orchestrate-insert.json").getRecords().getFirst();
            var id = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS(ids.get(i));
            record.getDynamodb().getKeys().put("job_id", id);
            record.getDynamodb().getNewImage().put("job_id", id);
            record.getDynamodb().setSequenceNumber(Integer.toString(1000 + i));
            records.add(record);
        }
        batch.setRecords(records);
        return batch;
    }

    @Test
    void running_jobs_of_an_invocation_look_whether_they_were_cancelled_in_one_read_per_check_and_only_the_cancelled_one_stops()
            throws Exception {
        List<String> ids = java.util.stream.IntStream.range(0, 150).mapToObj(i -> String.format("00000000-0000-4000-8000-%012d", i)).toList();
        String cancelled = ids.get(75);
        List<Integer> batchedReads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        AtomicInteger singleReads = new AtomicInteger();
        ThreadLocal<Boolean> inBatchedRead = ThreadLocal.withInitial(() -> false);
        repository = new InMemoryJobRepository() {
            @Override
            public java.util.Map<String, String> holdersOf(java.util.Collection<String> jobIds) {
                batchedReads.add(jobIds.size());
                inBatchedRead.set(true); // the fake reads them one by one; DynamoDB's is one BatchGetItem per 100
                try {
                    return super.holdersOf(jobIds);
                } finally {
                    inBatchedRead.set(false);
                }
            }

            @Override
            public synchronized java.util.Optional<Job> find(String jobId) {
                if (Thread.currentThread().getName().startsWith("heartbeat-") && !inBatchedRead.get()) singleReads.incrementAndGet();
                return super.find(jobId);
            }
        };
        java.util.concurrent.Semaphore ticks = new java.util.concurrent.Semaphore(0);
        sleeper = duration -> {
            if (Thread.currentThread().getName().startsWith("heartbeat-")) ticks.acquire(); // one check per permit
        };
        java.util.concurrent.CountDownLatch allRunning = new java.util.concurrent.CountDownLatch(ids.size());
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        JobEngine engine = (job, progress, deadline) -> {
            allRunning.countDown();
            try {
                finish.await(); // waiting on the network
            } catch (InterruptedException e) {
                stopped.countDown();
                throw new IllegalStateException("stopped: a source call would be abandoned here");
            }
            return new OrchestrateResults(List.of(), List.of());
        };
        DynamodbEvent batch = batchOf(ids);
        var processing = java.util.concurrent.CompletableFuture.supplyAsync(() -> processor(engine).process(batch, new TestContext()));
        assertTrue(allRunning.await(10, java.util.concurrent.TimeUnit.SECONDS));

        repository.cancel(cancelled, Job.ANONYMOUS, clock.instant());
        ticks.release(); // one check of all 150
        assertTrue(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS), "the cancelled job's work is interrupted");
        finish.countDown();
        StreamsEventResponse response = processing.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(List.of(150), batchedReads, "one read of all the running jobs");
        assertEquals(0, singleReads.get(), "no read per job");
        assertEquals("Cancelled", repository.find(cancelled).orElseThrow().errorMessage());
        for (String id : ids) {
            if (!id.equals(cancelled)) assertEquals(JobStatus.COMPLETED, repository.find(id).orElseThrow().status(), id);
        }
    }

    @Test
    void a_large_batch_runs_as_many_jobs_at_once_as_admitted_and_a_failing_job_in_the_middle_fails_only_from_its_record()
            throws Exception {
        List<String> ids = java.util.stream.IntStream.range(0, 200).mapToObj(i -> String.format("00000000-0000-4000-8000-%012d", i)).toList();
        String failing = ids.get(100);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failingFails = new java.util.concurrent.atomic.AtomicBoolean(true);
        JobEngine engine = (job, progress, deadline) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                runs.incrementAndGet();
                Thread.sleep(5); // a job waits on the network, so that the batch's jobs overlap
                if (job.jobId().equals(failing) && failingFails.get()) throw new IllegalStateException("an unexpected failure");
                return new OrchestrateResults(List.of(new OrchestrateResults.WeightedKeyword("AI diagnostics", 0.9)), List.of());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        };
        JobStreamProcessor processor = new JobStreamProcessor(JobType.ORCHESTRATE, engine, repository, JobPolicy.DEFAULT, clock, sleeper,
                new JobAdmission(16, Long.MAX_VALUE / 2));
        DynamodbEvent batch = batchOf(ids);
        StreamsEventResponse response = processor.process(batch, new TestContext());

        assertEquals(List.of("1100"), response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList(),
                "only the failing record is reported; Lambda retries from it");
        assertTrue(mostAtOnce.get() <= 16 && mostAtOnce.get() > 1, "at most the admitted 16 at once, and more than one: " + mostAtOnce.get());
        for (String id : ids) {
            if (!id.equals(failing)) assertEquals(JobStatus.COMPLETED, repository.find(id).orElseThrow().status(), id);
        }
        Job released = repository.find(failing).orElseThrow();
        assertTrue(released.leaseExpiresAt().isBefore(clock.instant()), "its lease released: the retry claims it at once");
        assertEquals(1, released.attempts());

        // Lambda delivers the batch again from the failing record: it completes, and the 99 after it, already final, are not run again
        failingFails.set(false);
        int runsBefore = runs.get();
        DynamodbEvent retry = new DynamodbEvent();
        retry.setRecords(batch.getRecords().subList(100, 200));
        assertTrue(processor.process(retry, new TestContext()).getBatchItemFailures().isEmpty());
        assertEquals(runsBefore + 1, runs.get(), "the idempotent claim runs only the job that was not done");
        assertEquals(JobStatus.COMPLETED, repository.find(failing).orElseThrow().status());
        assertEquals(2, repository.find(failing).orElseThrow().attempts());
    }

    @Test
    void admission_fits_each_jobs_estimated_peak_into_a_share_of_the_free_heap() throws Exception {
        assertEquals(60, new JobAdmission(60, Long.MAX_VALUE / 2).capacityFor(4L << 20));
        assertEquals(153, JobAdmission.forHeap(1024L << 20, name -> null).capacityFor(4L << 20), "60 % of 1 GB at 4 MB a job");
        assertEquals(40, JobAdmission.forHeap(1024L << 20, java.util.Map.of("PROCESSOR_MAX_CONCURRENT_JOBS", "40")::get).capacityFor(4L << 20));
        assertEquals(1, JobAdmission.forHeap(1L << 20, name -> null).capacityFor(48L << 20), "always at least one");
        // jobs of different sizes share one budget: a large one leaves room for fewer small ones
        JobAdmission admission = new JobAdmission(1_000, 100L << 20);
        JobAdmission.Slot large = admission.tryAdmit(80L << 20);
        assertNotNull(large);
        assertNull(admission.tryAdmit(30L << 20), "80 + 30 MB do not fit in 100");
        JobAdmission.Slot small = admission.tryAdmit(20L << 20);
        assertNotNull(small, "80 + 20 MB do");
        large.close();
        JobAdmission.Slot again = admission.tryAdmit(30L << 20);
        assertNotNull(again, "room again once the large job is done");
        again.close();
        small.close();
        JobAdmission.Slot huge = admission.tryAdmit(500L << 20);
        assertNotNull(huge, "a job larger than the budget is not refused for ever: it takes all of it, alone");
        assertNull(admission.tryAdmit(1L << 20));
    }
}
