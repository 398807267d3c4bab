package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.DynamoDbJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.ResultTooLargeException;
import com.keywordtrend.model.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Records of a batch are different jobs and run concurrently. A record fails (and is returned
 * in {@code batchItemFailures}, so that only it and what follows it in the shard are retried)
 * only when trying again may help; a job that cannot succeed is marked FAILED and its record
 * succeeds.
 */
public final class JobStreamProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(JobStreamProcessor.class);

    /**
     * The lease ends this long before the invocation can time out, so that when Lambda retries a
     * timed-out batch the lease has already run out and the retry can reclaim the job.
     */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(2);
    /** Time kept back from the lease to write the outcome after the work (at most a tenth of it). */
    static final Duration WRITE_MARGIN = Duration.ofSeconds(10);

    private final JobType type;
    private final JobEngine engine;
    private final JobRepository repository;
    private final JobPolicy policy;
    private final Clock clock;

    public JobStreamProcessor(JobType type, JobEngine engine, JobRepository repository, JobPolicy policy, Clock clock) {
        this.type = type;
        this.engine = engine;
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
    }

    public StreamsEventResponse process(DynamodbEvent event, Context context) {
        JobMetrics metrics = new JobMetrics();
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<DynamodbStreamRecord> failed = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> outcomes = new ArrayList<>();
            for (DynamodbStreamRecord record : records) {
                outcomes.add(executor.submit(Tracing.propagating(() -> {
                    processRecord(record, context, metrics);
                    return null;
                })));
            }
            for (int i = 0; i < records.size(); i++) {
                try {
                    outcomes.get(i).get();
                } catch (ExecutionException e) {
                    failed.add(records.get(i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(records.get(i));
                }
            }
        }
        metrics.publish(type.wireName());
        // Lambda retries from the lowest failed sequence number; what follows it is delivered again
        List<StreamsEventResponse.BatchItemFailure> failures = failed.stream()
                .map(r -> r.getDynamodb().getSequenceNumber())
                .sorted(Comparator.comparing(java.math.BigInteger::new))
                .map(StreamsEventResponse.BatchItemFailure::new)
                .toList();
        return new StreamsEventResponse(new ArrayList<>(failures));
    }

    private void processRecord(DynamodbStreamRecord record, Context context, JobMetrics metrics) {
        String jobId = keyOf(record);
        try (var ignored = MDC.putCloseable("job_id", jobId)) {
            Tracing.inSubsegment(type.wireName() + " job", () -> {
                Tracing.annotate("job_id", jobId);
                runJob(record, jobId, context, metrics);
            });
        } catch (RuntimeException | Error e) {
            LOG.warn("record {} will be retried", record.getDynamodb().getSequenceNumber(), e);
            throw e;
        }
    }

    private void runJob(DynamodbStreamRecord record, String jobId, Context context, JobMetrics metrics) {
        if (!"INSERT".equals(record.getEventName()) || !type.wireName().equals(jobTypeOf(record))) {
            // the mapping's filter should never let these through; skipping them is always safe
            LOG.warn("ignoring {} record of job type {}", record.getEventName(), jobTypeOf(record));
            return;
        }
        Instant now = clock.instant();
        long remaining = Math.max(0, context.getRemainingTimeInMillis());
        Instant leaseUntil = now.plusMillis(Math.max(0, remaining - LEASE_MARGIN.toMillis()));
        String owner = context.getAwsRequestId();
        Optional<Job> claimed = Tracing.inSubsegment("claim", () -> repository.claim(jobId, owner, now, leaseUntil, policy));
        if (claimed.isEmpty()) {
            settleUnclaimable(jobId, now, metrics);
            return;
        }
        Job job = claimed.get();
        metrics.started();
        LOG.info("claimed job, attempt {} of {}", job.attempts(), policy.maxAttempts());
        Instant deadline = leaseUntil.minusMillis(Math.min(WRITE_MARGIN.toMillis(), remaining / 10));
        long startedAt = System.nanoTime();
        ProgressWriter progress = new ProgressWriter(repository, jobId, owner, clock);
        try {
            ObjectNode results = Tracing.inSubsegment("work", () -> engine.run(job, progress, deadline));
            boolean written = Tracing.inSubsegment("complete",
                    () -> repository.complete(jobId, owner, results, clock.instant()));
            if (written) {
                metrics.completed(elapsedMillis(startedAt));
                LOG.info("job completed in {} ms", elapsedMillis(startedAt));
            } else {
                LOG.warn("job was taken over before it completed; its results were dropped");
            }
        } catch (JobFailedException e) {
            failJob(jobId, owner, e.getMessage(), metrics, startedAt);
        } catch (ResultTooLargeException e) {
            failJob(jobId, owner, "The result is too large to keep. Please ask for fewer keywords or a shorter period.",
                    metrics, startedAt);
        } catch (RuntimeException e) {
            if (job.attempts() >= policy.maxAttempts()) {
                LOG.error("job failed on its last attempt", e);
                failJob(jobId, owner, "The job failed " + job.attempts()
                        + " times because of an internal error. Please try again later.", metrics, startedAt);
                return;
            }
            LOG.warn("job attempt failed; releasing it for a retry", e);
            repository.release(jobId, owner, "retrying", clock.instant());
            metrics.retried();
            throw e;
        }
    }

    /** The claim was refused: the job is done, abandoned, gone, or another invocation holds it. */
    private void settleUnclaimable(String jobId, Instant now, JobMetrics metrics) {
        Optional<Job> existing = repository.find(jobId);
        if (existing.isEmpty()) {
            LOG.warn("job item no longer exists; nothing to do");
            return;
        }
        Job job = existing.get();
        Optional<String> abandoned = policy.abandonedReason(job, now);
        if (abandoned.isPresent()) {
            LOG.warn("job abandoned: {}", abandoned.get());
            repository.fail(jobId, null, abandoned.get(), now);
            metrics.failed(0);
            return;
        }
        metrics.duplicate();
        LOG.info("duplicate delivery of a {} job; nothing to do", job.status());
    }

    private void failJob(String jobId, String owner, String message, JobMetrics metrics, long startedAt) {
        if (repository.fail(jobId, owner, message, clock.instant())) {
            metrics.failed(elapsedMillis(startedAt));
            LOG.info("job failed: {}", message);
        }
    }

    private static long elapsedMillis(long startedAtNanos) {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }

    static String keyOf(DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
        AttributeValue id = keys == null ? null : keys.get(DynamoDbJobRepository.JOB_ID);
        if (id == null || id.getS() == null) throw new IllegalArgumentException("stream record has no job_id key");
        return id.getS();
    }

    private static String jobTypeOf(DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        AttributeValue value = image == null ? null : image.get(DynamoDbJobRepository.JOB_TYPE);
        return value == null ? null : value.getS();
    }
}
