package com.keywordtrend.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fake of the jobs table for fast unit tests, with the same conditions as the DynamoDB
 * repository. It never proves the pipeline: the integration tests run against the emulator.
 */
public class InMemoryJobRepository implements JobRepository {
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger reads = new AtomicInteger();
    /** When set, every call fails with what it supplies (e.g. a JobStoreUnavailableException). */
    public volatile Supplier<RuntimeException> failure;

    @Override
    public synchronized void create(Job job) {
        check();
        writes.incrementAndGet();
        Job existing = jobs.putIfAbsent(job.jobId(), job);
        if (existing != null) throw new JobExistsException(existing);
    }

    @Override
    public Optional<Job> find(String jobId) {
        check();
        reads.incrementAndGet();
        return Optional.ofNullable(jobs.get(jobId));
    }

    public void put(Job job) {
        jobs.put(job.jobId(), job);
    }

    @Override
    public synchronized Optional<Job> claim(String jobId, String owner, Instant now, Instant leaseUntil, JobPolicy policy) {
        check();
        Job job = jobs.get(jobId);
        if (job == null || job.attempts() >= policy.maxAttempts()) return Optional.empty();
        boolean pending = job.status() == JobStatus.PENDING && !job.createdAt().isBefore(policy.pendingCutoff(now));
        boolean stalled = job.status() == JobStatus.PROCESSING && job.leaseExpiresAt() != null
                && job.leaseExpiresAt().isBefore(now) && !job.leaseExpiresAt().isBefore(policy.stalledCutoff(now));
        if (!pending && !stalled) return Optional.empty();
        Job claimed = new Job(jobId, job.type(), JobStatus.PROCESSING, job.createdAt(), now, job.expiresAt(), job.progress(),
                "started", null, owner, leaseUntil, job.attempts() + 1, job.data());
        jobs.put(jobId, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized boolean reportProgress(String jobId, String owner, int progress, String stage, Instant now) {
        return update(jobId, owner, job -> new Job(jobId, job.type(), job.status(), job.createdAt(), now, job.expiresAt(),
                progress, stage, null, owner, job.leaseExpiresAt(), job.attempts(), job.data()));
    }

    @Override
    public synchronized boolean complete(String jobId, String owner, ObjectNode results, Instant now) {
        return update(jobId, owner, job -> {
            ObjectNode data = job.data().deepCopy();
            results.properties().forEach(e -> {
                if (e.getValue().isNull()) data.remove(e.getKey());
                else data.set(e.getKey(), e.getValue());
            });
            return new Job(jobId, job.type(), JobStatus.COMPLETED, job.createdAt(), now, job.expiresAt(), 100, "done",
                    null, owner, job.leaseExpiresAt(), job.attempts(), data);
        });
    }

    @Override
    public synchronized boolean fail(String jobId, String owner, String message, ObjectNode details, Instant now) {
        return update(jobId, owner, job -> {
            Job failed = failed(job, message, now);
            if (details != null) details.properties().forEach(e -> failed.data().set(e.getKey(), e.getValue()));
            return failed;
        });
    }

    @Override
    public synchronized AbandonOutcome failAbandoned(String jobId, String message, Instant now) {
        check();
        Job job = jobs.get(jobId);
        if (job == null) return AbandonOutcome.MISSING;
        if (job.status().isFinal()) return AbandonOutcome.ALREADY_FINAL;
        if (job.status() == JobStatus.PROCESSING && job.leaseExpiresAt() != null && !job.leaseExpiresAt().isBefore(now)) {
            return AbandonOutcome.LEASED;
        }
        writes.incrementAndGet();
        jobs.put(jobId, failed(job, message, now));
        return AbandonOutcome.FAILED;
    }

    private static Job failed(Job job, String message, Instant now) {
        return new Job(job.jobId(), job.type(), JobStatus.FAILED, job.createdAt(), now, job.expiresAt(), job.progress(),
                "failed", message, job.owner(), job.leaseExpiresAt(), job.attempts(), job.data());
    }

    @Override
    public synchronized CancelOutcome cancel(String jobId, Instant now) {
        check();
        Job job = jobs.get(jobId);
        if (job == null) return CancelOutcome.MISSING;
        if (job.status().isFinal()) return CancelOutcome.ALREADY_FINAL;
        writes.incrementAndGet();
        ObjectNode data = job.data().deepCopy().put(CANCELLED, true);
        jobs.put(jobId, new Job(jobId, job.type(), JobStatus.FAILED, job.createdAt(), now, job.expiresAt(), job.progress(),
                "cancelled", CANCELLED_MESSAGE, job.owner(), job.leaseExpiresAt(), job.attempts(), data));
        return CancelOutcome.CANCELLED;
    }

    @Override
    public synchronized boolean renewLease(String jobId, String owner, Instant leaseUntil, Instant now) {
        return update(jobId, owner, job -> new Job(jobId, job.type(), job.status(), job.createdAt(), now, job.expiresAt(),
                job.progress(), job.stage(), null, owner, leaseUntil, job.attempts(), job.data()));
    }

    @Override
    public synchronized boolean release(String jobId, String owner, String stage, Instant now) {
        return update(jobId, owner, job -> new Job(jobId, job.type(), job.status(), job.createdAt(), now, job.expiresAt(),
                job.progress(), stage, null, owner, now.minusMillis(1), job.attempts(), job.data()));
    }

    private boolean update(String jobId, String owner, java.util.function.UnaryOperator<Job> change) {
        check();
        Job job = jobs.get(jobId);
        if (job == null || job.status() != JobStatus.PROCESSING || !owner.equals(job.owner())) return false;
        writes.incrementAndGet();
        jobs.put(jobId, change.apply(job));
        return true;
    }

    private void check() {
        Supplier<RuntimeException> f = failure;
        if (f != null) throw f.get();
    }
}
