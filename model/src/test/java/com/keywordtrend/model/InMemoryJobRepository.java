package com.keywordtrend.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fake of the jobs table for fast unit tests, with the same conditions as the DynamoDB
 * repository (JobRepositoryContract runs against both). It never proves the pipeline: the
 * integration tests run against the emulator.
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
    public synchronized int countInFlight(String owner, java.time.Instant since, int atMost) {
        check();
        reads.incrementAndGet();
        return (int) Math.min(atMost, jobs.values().stream().filter(job -> job.owner().equals(owner) && !job.createdAt().isBefore(since)
                && (job.status() == JobStatus.PENDING || job.status() == JobStatus.PROCESSING)).count());
    }

    /** As the index orders it (created_at, then job_id, newest first), reading as many index pages as DynamoDB's does. */
    @Override
    public synchronized JobPage list(JobQuery query) {
        check();
        Comparator<Job> newestFirst = Comparator.comparing(InMemoryJobRepository::positionOf).reversed();
        List<Job> owned = jobs.values().stream()
                .filter(job -> job.owner().equals(query.owner()))
                .sorted(newestFirst)
                .toList();
        List<Job> page = new java.util.ArrayList<>();
        JobPage.Position after = query.after();
        boolean more = true;
        for (int indexPages = 0; indexPages < 4 && page.size() < query.limit(); indexPages++) {
            reads.incrementAndGet();
            JobPage.Position from = after;
            List<Job> remaining = owned.stream()
                    .filter(job -> from == null || positionOf(job).compareTo(from.createdAt() + "\n" + from.jobId()) < 0)
                    .toList();
            List<Job> read = remaining.subList(0, Math.min(remaining.size(), query.limit() - page.size()));
            read.stream()
                    .filter(job -> query.type() == null || job.type() == query.type())
                    .filter(job -> query.status() == null || job.status() == query.status())
                    .forEach(page::add);
            if (read.size() == remaining.size()) {
                more = false;
                break;
            }
            after = new JobPage.Position(Timestamps.format(read.getLast().createdAt()), read.getLast().jobId());
        }
        return new JobPage(page, more ? after : null);
    }

    private static String positionOf(Job job) {
        return Timestamps.format(job.createdAt()) + "\n" + job.jobId();
    }

    @Override
    public synchronized Optional<Job> claim(String jobId, String holder, Instant now, Instant leaseUntil, JobPolicy policy) {
        check();
        Job job = jobs.get(jobId);
        if (job == null || job.attempts() >= policy.maxAttempts()) return Optional.empty();
        boolean pending = job.status() == JobStatus.PENDING && !job.createdAt().isBefore(policy.pendingCutoff(now));
        boolean stalled = job.status() == JobStatus.PROCESSING && job.leaseExpiresAt() != null
                && job.leaseExpiresAt().isBefore(now) && !job.leaseExpiresAt().isBefore(policy.stalledCutoff(now));
        if (!pending && !stalled) return Optional.empty();
        Job claimed = new Job(jobId, job.type(), job.owner(), JobStatus.PROCESSING, job.createdAt(), now, job.expiresAt(),
                job.progress(), "started", null, holder, leaseUntil, job.attempts() + 1, job.data());
        jobs.put(jobId, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized boolean reportProgress(String jobId, String holder, int progress, String stage, Instant now) {
        return update(jobId, holder, job -> new Job(jobId, job.type(), job.owner(), job.status(), job.createdAt(), now,
                job.expiresAt(), progress, stage, null, holder, job.leaseExpiresAt(), job.attempts(), job.data()));
    }

    @Override
    public synchronized boolean complete(String jobId, String holder, ObjectNode results, Instant now) {
        return update(jobId, holder, job -> {
            ObjectNode data = job.data().deepCopy();
            results.properties().forEach(e -> {
                if (e.getValue().isNull()) data.remove(e.getKey());
                else data.set(e.getKey(), e.getValue());
            });
            return new Job(jobId, job.type(), job.owner(), JobStatus.COMPLETED, job.createdAt(), now, job.expiresAt(), 100,
                    "done", null, holder, job.leaseExpiresAt(), job.attempts(), data);
        });
    }

    @Override
    public synchronized boolean fail(String jobId, String holder, String message, ObjectNode details, Instant now) {
        return update(jobId, holder, job -> {
            Job failed = failed(job, message, "failed", job.data().deepCopy(), now);
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
        jobs.put(jobId, failed(job, message, "failed", job.data(), now));
        return AbandonOutcome.FAILED;
    }

    private static Job failed(Job job, String message, String stage, ObjectNode data, Instant now) {
        return new Job(job.jobId(), job.type(), job.owner(), JobStatus.FAILED, job.createdAt(), now, job.expiresAt(),
                job.progress(), stage, message, job.leaseHolder(), job.leaseExpiresAt(), job.attempts(), data);
    }

    @Override
    public synchronized CancelOutcome cancel(String jobId, String owner, Instant now) {
        check();
        Job job = jobs.get(jobId);
        if (job == null || !job.owner().equals(owner)) return CancelOutcome.MISSING;
        if (job.status().isFinal()) return CancelOutcome.ALREADY_FINAL;
        writes.incrementAndGet();
        jobs.put(jobId, failed(job, CANCELLED_MESSAGE, "cancelled", job.data().deepCopy().put(CANCELLED, true), now));
        return CancelOutcome.CANCELLED;
    }

    @Override
    public synchronized boolean renewLease(String jobId, String holder, Instant leaseUntil, Instant now) {
        return update(jobId, holder, job -> new Job(jobId, job.type(), job.owner(), job.status(), job.createdAt(), now,
                job.expiresAt(), job.progress(), job.stage(), null, holder, leaseUntil, job.attempts(), job.data()));
    }

    @Override
    public synchronized boolean release(String jobId, String holder, String stage, Instant now) {
        return update(jobId, holder, job -> new Job(jobId, job.type(), job.owner(), job.status(), job.createdAt(), now,
                job.expiresAt(), job.progress(), stage, null, holder, now.minusMillis(1), job.attempts(), job.data()));
    }

    private boolean update(String jobId, String holder, java.util.function.UnaryOperator<Job> change) {
        check();
        Job job = jobs.get(jobId);
        if (job == null || job.status() != JobStatus.PROCESSING || !holder.equals(job.leaseHolder())) return false;
        writes.incrementAndGet();
        jobs.put(jobId, change.apply(job));
        return true;
    }

    private void check() {
        Supplier<RuntimeException> f = failure;
        if (f != null) throw f.get();
    }
}
