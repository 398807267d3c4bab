package com.keywordtrend.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
     * The job when {@code owner} owns it, else empty, in about the same time either way: another
     * owner's large item must not answer slower than an unknown id (that would tell a job exists).
     */
    default Optional<Job> findOwned(String jobId, String owner) {
        return find(jobId).filter(job -> job.owner().equals(owner));
    }

    /**
     * The lease holder of each of {@code jobIds} that is PROCESSING, from strongly consistent reads;
     * a job left out of the map is not PROCESSING (finished, cancelled, released) or no longer exists.
     * One call for many jobs, so that an invocation's running jobs can look whether they are still
     * theirs together. Reads each job on its own unless the store can batch them.
     */
    default Map<String, String> holdersOf(Collection<String> jobIds) {
        Map<String, String> holders = new HashMap<>();
        for (String jobId : jobIds) {
            find(jobId).filter(job -> job.status() == JobStatus.PROCESSING && job.leaseHolder() != null)
                    .ifPresent(job -> holders.put(jobId, job.leaseHolder()));
        }
        return holders;
    }

    /**
     * One page of {@code owner}'s jobs, newest first, read from the index on owner and creation time
     * (eventually consistent: a job started a moment ago may be missing). Reads at most a few index
     * pages, so a page can hold fewer than {@link JobQuery#limit()} jobs and still have a next one.
     */
    JobPage list(JobQuery query);

    /**
     * How many of the owner's jobs created at or after {@code since} are PENDING or PROCESSING, from
     * the owner index (eventually consistent), counting up to {@code atMost} (enough to compare with a limit).
     */
    int countInFlight(String owner, Instant since, int atMost);

    /**
     * PENDING → PROCESSING (or reclaims a PROCESSING job whose lease ran out) for {@code holder},
     * counting an attempt. Empty when the job is not claimable under {@code policy} at {@code now}.
     */
    Optional<Job> claim(String jobId, String holder, Instant now, Instant leaseUntil, JobPolicy policy);

    /** Records progress (0–100) and stage while {@code holder} holds the job. */
    boolean reportProgress(String jobId, String holder, int progress, String stage, Instant now);

    /**
     * PROCESSING → COMPLETED with the results as item attributes, while {@code holder} holds the job;
     * a result attribute set to JSON null is removed from the item (an input the results replace).
     */
    boolean complete(String jobId, String holder, ObjectNode results, Instant now);

    /** PROCESSING → FAILED while {@code holder} holds the job. */
    default boolean fail(String jobId, String holder, String message, Instant now) {
        return fail(jobId, holder, message, null, now);
    }

    /** PROCESSING → FAILED while {@code holder} holds the job, keeping {@code details} (attributes, may be null) with it. */
    boolean fail(String jobId, String holder, String message, ObjectNode details, Instant now);

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
     * attribute, when {@code owner} owns the job (another owner's job is MISSING); a processor holding
     * the job loses it (its writes are conditional on PROCESSING).
     */
    CancelOutcome cancel(String jobId, String owner, Instant now);

    String CANCELLED_MESSAGE = "Cancelled";
    /** The item attribute that marks a cancelled job (a poll shows it as "cancelled": true). */
    String CANCELLED = "cancelled";

    /** Extends {@code holder}'s lease to {@code leaseUntil}; false when the claim was lost. */
    boolean renewLease(String jobId, String holder, Instant leaseUntil, Instant now);

    /** Ends {@code holder}'s lease at once so that the next delivery may reclaim the job. */
    boolean release(String jobId, String holder, String stage, Instant now);
}
