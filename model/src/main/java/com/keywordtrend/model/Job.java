package com.keywordtrend.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One job item. The pipeline's own fields are typed; what the job type owns travels in {@code data},
 * one entry per item attribute (stored as native DynamoDB types), read and written through the typed
 * {@link #inputs()} ({@link OrchestrateInputs}, {@link TrendsInputs}) and {@link #results()}
 * ({@link OrchestrateResults}, {@link TrendsResults}), which hold the attribute names.
 *
 * @param owner          who the job belongs to: the caller's identity (the authorizer's {@code sub}), or
 *                       {@link #ANONYMOUS} when the API runs without an authorizer
 * @param leaseHolder    the invocation that holds the claim (its request id), null until claimed
 * @param leaseExpiresAt when the holder's claim lapses; a retry may reclaim the job after it
 * @param attempts       how many claims were made, bounded by {@link JobPolicy#maxAttempts()}
 */
public record Job(
        String jobId,
        JobType type,
        String owner,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        int progress,
        String stage,
        String errorMessage,
        String leaseHolder,
        Instant leaseExpiresAt,
        int attempts,
        ObjectNode data) {

    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(data, "data");
    }

    /** The owner of jobs started without an authorizer (and of items written before owners were stored). */
    public static final String ANONYMOUS = "anonymous";

    /** A new PENDING job, as a start request writes it: its inputs and any other attributes in {@code data}. */
    public static Job pending(String jobId, JobType type, String owner, Instant now, JobPolicy policy, ObjectNode data) {
        // TTL counts in whole seconds
        return new Job(jobId, type, owner, JobStatus.PENDING, now, now,
                now.plus(policy.retention()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), 0, "queued",
                null, null, null, 0, data);
    }

    /** The job's inputs, typed. */
    public JobInputs inputs() {
        return JobInputs.of(type, data);
    }

    /** What the job has produced so far, typed. */
    public JobResults results() {
        return JobResults.of(type, data);
    }

    public Job withStatus(JobStatus newStatus, String message) {
        return new Job(jobId, type, owner, newStatus, createdAt, updatedAt, expiresAt, progress, stage, message,
                leaseHolder, leaseExpiresAt, attempts, data);
    }

    /** The same job holding {@code newData} (a result read back from where it is stored). */
    public Job withData(ObjectNode newData) {
        return new Job(jobId, type, owner, status, createdAt, updatedAt, expiresAt, progress, stage, errorMessage,
                leaseHolder, leaseExpiresAt, attempts, newData);
    }
}
