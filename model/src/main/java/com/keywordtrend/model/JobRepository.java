package com.keywordtrend.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The jobs table. Every state change is conditional, so that a duplicate or late delivery can
 * never move a job backwards or overwrite another invocation's work. Methods that change
 * state return false when their condition did not hold.
 */
public interface JobRepository {

    /**
     * Writes a new PENDING job in one conditional write; never overwrites an existing one.
     *
     * @throws JobExistsException with the stored job when one with that id exists (a repeated start)
     */
    void create(Job job);

    /** A strongly consistent read. */
    Optional<Job> find(String jobId);

    /**
     * PENDING → PROCESSING (or reclaims a PROCESSING job whose lease ran out) for {@code owner},
     * counting an attempt. Empty when the job is not claimable under {@code policy} at {@code now}.
     */
    Optional<Job> claim(String jobId, String owner, Instant now, Instant leaseUntil, JobPolicy policy);

    /** Records progress (0–100) and stage while {@code owner} holds the job. */
    boolean reportProgress(String jobId, String owner, int progress, String stage, Instant now);

    /**
     * PROCESSING → COMPLETED with the results as item attributes, while {@code owner} holds the job;
     * a result attribute set to JSON null is removed from the item (an input the results replace).
     */
    boolean complete(String jobId, String owner, ObjectNode results, Instant now);

    /** PROCESSING → FAILED while {@code owner} holds the job. */
    default boolean fail(String jobId, String owner, String message, Instant now) {
        return fail(jobId, owner, message, null, now);
    }

    /** PROCESSING → FAILED while {@code owner} holds the job, keeping {@code details} (attributes, may be null) with it. */
    boolean fail(String jobId, String owner, String message, ObjectNode details, Instant now);

    /** What {@link #failAbandoned} found. */
    enum AbandonOutcome {
        /** The job was PENDING, or PROCESSING with a lapsed lease, and is now FAILED. */
        FAILED,
        /** The job had already finished: left as it is. */
        ALREADY_FINAL,
        /** An invocation holds a live lease on the job: left to it. */
        LEASED,
        /** No such job (expired, or never written). */
        MISSING
    }

    /**
     * Marks FAILED a job nobody is working on: PENDING, or PROCESSING with a lease that ran out.
     * Never touches a finished job or one whose holder's lease is live.
     */
    AbandonOutcome failAbandoned(String jobId, String message, Instant now);

    /** What {@link #cancel} found. */
    enum CancelOutcome { CANCELLED, ALREADY_FINAL, MISSING }

    /**
     * PENDING or PROCESSING → FAILED with the message {@link #CANCELLED_MESSAGE} and a {@code cancelled}
     * attribute; a processor holding the job loses it (its writes are conditional on PROCESSING).
     */
    CancelOutcome cancel(String jobId, Instant now);

    String CANCELLED_MESSAGE = "Cancelled";
    /** The item attribute that marks a cancelled job (a poll shows it as "cancelled": true). */
    String CANCELLED = "cancelled";

    /** Extends {@code owner}'s lease to {@code leaseUntil}; false when the claim was lost. */
    boolean renewLease(String jobId, String owner, Instant leaseUntil, Instant now);

    /** Ends {@code owner}'s lease at once so that the next delivery may reclaim the job. */
    boolean release(String jobId, String owner, String stage, Instant now);
}
