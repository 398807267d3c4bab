package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.engines.JobFailedException;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobAttributes;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobResults;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.ResultTooLargeException;
import com.keywordtrend.model.Tracing;
import com.keywordtrend.store.DynamoDbJobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the jobs of one type from a batch of stream records. The job item is its own idempotency
 * record: a conditional claim (PENDING → PROCESSING, with a lease that ends with the Lambda's
 * remaining time) and a completion conditional on that claim make a duplicate delivery harmless.
 *
 * <p>Records of a batch are different jobs and run concurrently, as many at once as the heap holds
 * ({@link JobAdmission}); {@link LeaseWatch} keeps their leases. A record fails (and is returned
 * in {@code batchItemFailures}, so that only it and what follows it in the shard are retried)
 * only when trying again may help; a job that cannot succeed is marked FAILED and its record
 * succeeds.
 */
public final class JobStreamProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(JobStreamProcessor.class);

    /**
     * The lease never runs past this long before the invocation can time out, so that when Lambda
     * retries a timed-out batch the lease has already run out and the retry can reclaim the job.
     */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(2);
    /** Time kept back from the invocation to write the outcome after the work (at most a tenth of it). */
    static final Duration WRITE_MARGIN = Duration.ofSeconds(10);
    /** A running job looks this often whether it was cancelled, so that it stops within this time. */
    static final Duration CANCEL_CHECK = Duration.ofSeconds(2);
    /** A retry that finds a lease waits this much past its expiry before it claims again. */
    static final Duration LEASE_SLACK = Duration.ofMillis(500);
    /** A record that waited for a slot and got it with less of the invocation left is not started but retried. */
    static final Duration LEAST_TIME_TO_START = Duration.ofSeconds(30);

    /** How the processor waits: {@link Thread#sleep} in Lambda; tests advance a clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final JobType type;
    private final JobEngine engine;
    private final JobRepository repository;
    private final JobPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final JobAdmission admission;

    public JobStreamProcessor(JobType type, JobEngine engine, JobRepository repository, JobPolicy policy, Clock clock) {
        this(type, engine, repository, policy, clock, Thread::sleep,
                JobAdmission.forHeap(JobAdmission.freeHeap(), com.keywordtrend.model.Settings.SYSTEM));
        LOG.info("admits {} jobs by their estimated peaks into {} MB of heap", type.wireName(), admission.budgetBytes() >> 20);
    }

    public JobStreamProcessor(JobType type, JobEngine engine, JobRepository repository, JobPolicy policy, Clock clock,
                              Sleeper sleeper) {
        this(type, engine, repository, policy, clock, sleeper, new JobAdmission(1_000, Long.MAX_VALUE / 2));
    }

    JobStreamProcessor(JobType type, JobEngine engine, JobRepository repository, JobPolicy policy, Clock clock,
                       Sleeper sleeper, JobAdmission admission) {
        this.type = type;
        this.engine = engine;
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.admission = admission;
    }

    public StreamsEventResponse process(DynamodbEvent event, Context context) {
        JobMetrics metrics = new JobMetrics();
        JobMetrics.resetHeapPeak();
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<DynamodbStreamRecord> failed = new ArrayList<>();
        Error fatal = null;
        // the executor closes first: every job's work has ended before the lease watch stops
        try (LeaseWatch leases = new LeaseWatch(context.getAwsRequestId(), repository, policy, clock, sleeper);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> outcomes = new ArrayList<>();
            for (DynamodbStreamRecord record : records) {
                long peakBytes = estimatedPeak(record);
                outcomes.add(executor.submit(inCallersContext(() -> {
                    JobAdmission.Slot immediate = admission.tryAdmit(peakBytes);
                    try (JobAdmission.Slot slot = immediate != null ? immediate : admission.admit(peakBytes)) {
                        if (immediate == null && context.getRemainingTimeInMillis() < LEAST_TIME_TO_START.toMillis()) {
                            // waited too long for memory: Lambda delivers this record (and those after it) again
                            LOG.warn("record {} not started: too little of the invocation left; it will be retried", sequenceOf(record));
                            throw new IllegalStateException("no time left to start the job");
                        }
                        processRecord(record, context, metrics, leases);
                    }
                    return null;
                })));
            }
            for (int i = 0; i < records.size(); i++) {
                try {
                    outcomes.get(i).get();
                } catch (ExecutionException e) {
                    failed.add(records.get(i));
                    if (e.getCause() instanceof VirtualMachineError error) fatal = error;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(records.get(i));
                }
            }
        }
        metrics.recordHeapPeak();
        metrics.publish(type.wireName());
        if (fatal != null) {
            // out of memory (or worse): this execution environment is not fit to go on; failing the
            // invocation makes Lambda retry the batch in a fresh one, and the leases were released
            throw fatal;
        }
        // Lambda retries from the lowest failed sequence number; what follows it is delivered again
        List<StreamsEventResponse.BatchItemFailure> failures = failed.stream()
                .map(r -> r.getDynamodb().getSequenceNumber())
                .sorted(Comparator.comparing(java.math.BigInteger::new))
                .map(StreamsEventResponse.BatchItemFailure::new)
                .toList();
        return new StreamsEventResponse(new ArrayList<>(failures));
    }

    private void processRecord(DynamodbStreamRecord record, Context context, JobMetrics metrics, LeaseWatch leases) {
        Optional<String> key = keyOf(record);
        if (key.isEmpty()) {
            // not a job: no retry can change that, so the record is acknowledged, loudly
            LOG.error("stream record {} ({}) has no job_id key; skipped", sequenceOf(record), record.getEventName());
            return;
        }
        String jobId = key.get();
        try (var ignored = MDC.putCloseable("job_id", jobId)) {
            Tracing.inSubsegment(type.wireName() + " job", () -> {
                Tracing.annotate("job_id", jobId);
                runJob(record, jobId, context, metrics, leases);
            });
        } catch (RuntimeException | Error e) {
            LOG.warn("record {} will be retried", sequenceOf(record), e);
            throw e;
        }
    }

    private void runJob(DynamodbStreamRecord record, String jobId, Context context, JobMetrics metrics, LeaseWatch leases) {
        if (!"INSERT".equals(record.getEventName()) || !type.wireName().equals(jobTypeOf(record))) {
            // the mapping's filter should never let these through; skipping them is always safe
            LOG.warn("ignoring {} record of job type {}", record.getEventName(), jobTypeOf(record));
            return;
        }
        long remaining = Math.max(0, context.getRemainingTimeInMillis());
        Instant invocationEnds = clock.instant().plusMillis(remaining);
        String holder = context.getAwsRequestId(); // the lease holder: this invocation
        Optional<Job> claimed = Tracing.inSubsegment("claim", () -> claimOrAwaitLease(jobId, holder, invocationEnds, metrics));
        if (claimed.isEmpty()) return;
        Job job = claimed.get();
        metrics.started();
        LOG.info("claimed job, attempt {} of {}", job.attempts(), policy.maxAttempts());
        Instant deadline = invocationEnds.minus(LEASE_MARGIN).minusMillis(Math.min(WRITE_MARGIN.toMillis(), remaining / 10));
        long startedAt = System.nanoTime();
        ProgressWriter progress = new ProgressWriter(repository, jobId, holder, clock);
        try {
            JobResults results = null;
            LeaseWatch.Watched watched = leases.watch(jobId, holder, invocationEnds, progress);
            try (watched) {
                results = Tracing.inSubsegment("work", () -> engine.run(job, progress, deadline));
            } catch (RuntimeException | Error e) {
                if (!watched.lost()) throw e;
            }
            if (watched.lost()) {
                Thread.interrupted(); // the stop was ours; what follows must not see it
                metrics.cancelled();
                LOG.info("job was cancelled or taken over; this attempt stops and writes nothing more");
                return;
            }
            ObjectNode finished = results.toAttributes();
            boolean written = Tracing.inSubsegment("complete", () -> completeWhileTimeLasts(jobId, holder, finished, invocationEnds));
            if (written) {
                metrics.completed(elapsedMillis(startedAt));
                LOG.info("job completed in {} ms", elapsedMillis(startedAt));
            } else {
                LOG.warn("job was taken over before it completed; its results were dropped");
            }
        } catch (JobFailedException e) {
            failJob(jobId, holder, e.getMessage(), e.details() == null ? null : e.details().toAttributes(), metrics, startedAt);
        } catch (ResultTooLargeException e) {
            failJob(jobId, holder, "The result is too large to keep. Please ask for fewer keywords or a shorter period.",
                    null, metrics, startedAt);
        } catch (RuntimeException e) {
            if (job.attempts() >= policy.maxAttempts()) {
                LOG.error("job failed on its last attempt", e);
                failJob(jobId, holder, "The job failed " + job.attempts()
                        + " times because of an internal error. Please try again later.", null, metrics, startedAt);
                return;
            }
            LOG.warn("job attempt failed; releasing it for a retry", e);
            releaseQuietly(jobId, holder);
            metrics.retried();
            throw e;
        } catch (Error e) {
            // out of memory, a stack overflow: the next attempt runs in a fresh environment
            releaseQuietly(jobId, holder);
            metrics.retried();
            throw e;
        }
    }

    /**
     * {@code work} for another thread, in the caller's trace and log context (function name,
     * request id, service, job_id): both live per thread.
     */
    static <T> Callable<T> inCallersContext(Callable<T> work) {
        Callable<T> traced = Tracing.propagating(work);
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        return () -> {
            if (logContext != null) MDC.setContextMap(logContext);
            try {
                return traced.call();
            } finally {
                MDC.clear();
            }
        };
    }

    private Instant leaseUntil(Instant now, Instant invocationEnds) {
        return LeaseWatch.leaseUntil(policy, now, invocationEnds);
    }

    /**
     * Claims the job, or settles why it cannot be claimed. Lambda hands a shard's record to one
     * invocation at a time, so a retry that finds a live lease finds the lease of an attempt that
     * died (killed, out of memory, timed out) before it could release it: the retry waits for that
     * lease to lapse and claims the job, rather than taking the record as done while nobody works on it.
     */
    private Optional<Job> claimOrAwaitLease(String jobId, String holder, Instant invocationEnds, JobMetrics metrics) {
        Instant waitUntil = null;
        while (true) {
            Instant now = clock.instant();
            Optional<Job> claimed = repository.claim(jobId, holder, now, leaseUntil(now, invocationEnds), policy);
            if (claimed.isPresent()) return claimed;
            Optional<Job> existing = repository.find(jobId);
            if (existing.isEmpty()) {
                LOG.warn("job item no longer exists; nothing to do");
                return Optional.empty();
            }
            Job job = existing.get();
            Optional<String> abandoned = policy.abandonedReason(job, now);
            if (abandoned.isPresent()) {
                if (repository.failAbandoned(jobId, abandoned.get(), now) == JobRepository.AbandonOutcome.FAILED) {
                    LOG.warn("job abandoned: {}", abandoned.get());
                    metrics.failed(0);
                }
                return Optional.empty();
            }
            Instant lease = job.leaseExpiresAt();
            boolean leased = job.status() == JobStatus.PROCESSING && lease != null && !lease.isBefore(now);
            if (!leased) {
                metrics.duplicate();
                LOG.info("duplicate delivery of a {} job; nothing to do", job.status());
                return Optional.empty();
            }
            // a holder that keeps renewing past one lease length is alive: its outcome will be written
            if (waitUntil == null) waitUntil = lease.plus(policy.lease());
            Instant retryAt = lease.plus(LEASE_SLACK);
            if (retryAt.isAfter(waitUntil)) {
                metrics.duplicate();
                LOG.info("job is held by a live invocation; leaving it to it");
                return Optional.empty();
            }
            if (retryAt.isAfter(invocationEnds.minus(LEASE_MARGIN))) {
                throw new IllegalStateException("the lease of an earlier attempt outlasts this invocation");
            }
            LOG.info("job leased by an earlier attempt until {}; waiting for the lease to lapse", lease);
            try {
                sleeper.sleep(Duration.between(now, retryAt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a lease", e);
            }
        }
    }

    private void releaseQuietly(String jobId, String holder) {
        try {
            repository.release(jobId, holder, "retrying", clock.instant());
        } catch (RuntimeException e) {
            // the lease runs out on its own within policy.lease(); the retry waits for it
            LOG.warn("could not release the job; the retry will wait for its lease to lapse", e);
        }
    }

    /** The first wait before the completion is written again, doubled each time. */
    static final Duration STORE_BACKOFF = Duration.ofMillis(500);

    /**
     * Writes the finished work; a store that is slow but up (the write timed out, or DynamoDB
     * throttled it) is asked again after a backoff, while the lease lasts: the work is done, and a
     * failed attempt would do it all again, three times, against the same slow store. A write that
     * timed out may still have been applied: when a later one finds the job no longer ours, the job
     * is read, and a job completed by this attempt counts as written; one that is not fails the
     * attempt as the first timeout would have (the record is delivered again, never dropped).
     */
    private boolean completeWhileTimeLasts(String jobId, String holder, ObjectNode finished, Instant invocationEnds) {
        Duration backoff = STORE_BACKOFF;
        JobStoreUnavailableException unanswered = null;
        while (true) {
            try {
                boolean written = repository.complete(jobId, holder, finished, clock.instant());
                if (written || unanswered == null) return written;
                boolean ours = repository.find(jobId)
                        .map(job -> job.status() == JobStatus.COMPLETED && holder.equals(job.leaseHolder())).orElse(false);
                if (!ours) throw unanswered;
                return true;
            } catch (JobStoreUnavailableException e) {
                if (clock.instant().plus(backoff).isAfter(invocationEnds.minus(LEASE_MARGIN))) throw e;
                LOG.warn("the job store did not take the completion; writing it again in {} ms", backoff.toMillis());
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
                unanswered = e;
            }
        }
    }

    private void failJob(String jobId, String holder, String message, ObjectNode details, JobMetrics metrics, long startedAt) {
        if (repository.fail(jobId, holder, message, details, clock.instant())) {
            metrics.failed(elapsedMillis(startedAt));
            LOG.info("job failed: {}", message);
        }
    }

    private static long elapsedMillis(long startedAtNanos) {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }

    /**
     * The heap the record's job will hold at its peak, as the engine estimates it from the inputs the
     * record carries (its NewImage); the engine's general figure when they cannot be read.
     */
    private long estimatedPeak(DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        if (image == null) return engine.peakBytesPerJob();
        try {
            return engine.peakBytes(com.keywordtrend.model.JobInputs.of(type, StreamImages.toJson(image)));
        } catch (RuntimeException e) {
            return engine.peakBytesPerJob(); // the claim that follows reads the job and says what is wrong with it
        }
    }

    static Optional<String> keyOf(DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        AttributeValue id = keys == null ? null : keys.get(JobAttributes.JOB_ID);
        return id == null || id.getS() == null || id.getS().isBlank() ? Optional.empty() : Optional.of(id.getS());
    }

    private static String sequenceOf(DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? "?" : record.getDynamodb().getSequenceNumber();
    }

    private static String jobTypeOf(DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        AttributeValue value = image == null ? null : image.get(JobAttributes.JOB_TYPE);
        return value == null ? null : value.getS();
    }
}
