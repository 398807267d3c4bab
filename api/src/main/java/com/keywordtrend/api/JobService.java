package com.keywordtrend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Tracing;
import com.keywordtrend.model.JobExistsException;
import com.keywordtrend.model.JobInputs;
import com.keywordtrend.model.JobPage;
import com.keywordtrend.model.JobQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Starts, reads, cancels and lists an owner's jobs: one conditional write per start; per poll a
 * consistent read of the job's owner, then of the job for its owner. Another owner's job is treated
 * exactly as one that does not exist, in what is answered and in how long it takes.
 */
public final class JobService {
    private final JobRepository repository;
    private final JobPolicy policy;
    private final Clock clock;
    private final Supplier<UUID> ids;

    private final int maxInFlightPerOwner;

    public JobService(JobRepository repository, JobPolicy policy, Clock clock, Supplier<UUID> ids) {
        this(repository, policy, clock, ids, 0);
    }

    /** @param maxInFlightPerOwner jobs an owner may have PENDING or PROCESSING at once; 0: no limit */
    public JobService(JobRepository repository, JobPolicy policy, Clock clock, Supplier<UUID> ids, int maxInFlightPerOwner) {
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
        this.ids = ids;
        this.maxInFlightPerOwner = maxInFlightPerOwner;
    }

    /** The item attribute holding what a repeated start must match. */
    static final String FINGERPRINT = "request_fingerprint";

    /** A new job, or, under an Idempotency-Key seen before with the same request, the job it started. */
    public record Started(Job job, boolean replayed) {
    }

    public Job start(String owner, JobInputs inputs) {
        return start(owner, inputs, null).job();
    }

    /**
     * One conditional write either way. With {@code idempotencyKey}, the job id is derived from the
     * owner and the key, so a repeated start finds its job (returned with the refused write) instead
     * of writing a second item and a second stream record; a different request under the same key
     * is a 422. Keys live as long as their job is kept (7 days), at least the 24 h clients are promised.
     */
    public Started start(String owner, JobInputs inputs, String idempotencyKey) {
        JobType type = inputs.type();
        ObjectNode attributes = inputs.toAttributes();
        if (idempotencyKey == null) {
            refuseBeyondLimit(owner);
            Job job = Job.pending(ids.get().toString(), type, owner, clock.instant(), policy, attributes);
            create(job);
            return new Started(job, false);
        }
        String fingerprint = fingerprint(type, attributes);
        // one owner's key never names another owner's job
        String jobId = UUID.nameUUIDFromBytes((owner + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        Job job = Job.pending(jobId, type, owner, clock.instant(), policy, attributes.put(FINGERPRINT, fingerprint));
        try {
            // a repeated start finds its job whatever the limit; only a new one counts against it
            if (maxInFlightPerOwner > 0 && repository.find(jobId).isEmpty()) refuseBeyondLimit(owner);
            create(job);
            return new Started(job, false);
        } catch (JobExistsException e) {
            Job existing = e.existing();
            if (!fingerprint.equals(existing.data().path(FINGERPRINT).asText(null))) {
                throw new BadRequestException(422, "This Idempotency-Key was already used for a different request."
                        + " Use a new key for a new job.");
            }
            return new Started(policy.asSeenAt(existing, clock.instant()), true);
        }
    }

    /**
     * A client with {@code maxInFlightPerOwner} jobs waiting or running starts no more until some end
     * (the template's MaxJobsInFlightPerClient): one client cannot take the processors' capacity, nor
     * run up the bill, alone. Counted on the owner index over the jobs that can still be in flight
     * (created within the pending timeout), so eventually consistent: a burst may pass it by a few.
     */
    private void refuseBeyondLimit(String owner) {
        if (maxInFlightPerOwner <= 0) return;
        int inFlight = Tracing.inSubsegment("count jobs in flight",
                () -> repository.countInFlight(owner, clock.instant().minus(policy.pendingTimeout()), maxInFlightPerOwner));
        if (inFlight >= maxInFlightPerOwner) {
            throw new BadRequestException(429, "You have " + maxInFlightPerOwner + " jobs waiting or running, the most one client may have."
                    + " Please start more when some have finished.");
        }
    }

    /** The one write of a start, in a subsegment that carries the job's id (how its trace is found). */
    private void create(Job job) {
        Tracing.inSubsegment("create job", () -> {
            Tracing.annotate("job_id", job.jobId());
            repository.create(job);
        });
    }

    /** SHA-256 of the job type and the validated inputs' attributes (written in a fixed order). */
    static String fingerprint(JobType type, ObjectNode inputs) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type.wireName() + "\n" + inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The owner's job of this type as the client should see it now; empty when unknown (or of the other type). */
    public Optional<Job> poll(JobType type, String owner, UUID jobId) {
        return find(owner, jobId).filter(job -> job.type() == type);
    }

    /** Cancels the owner's job; the job as it is afterwards (cancelled, or already finished), empty when unknown. */
    public Optional<Job> cancel(String owner, UUID jobId) {
        JobRepository.CancelOutcome outcome = repository.cancel(jobId.toString(), owner, clock.instant());
        return outcome == JobRepository.CancelOutcome.MISSING ? Optional.empty() : find(owner, jobId);
    }

    /** The owner's job, of either type, as the client should see it now; empty when unknown or another's. */
    public Optional<Job> find(String owner, UUID jobId) {
        return repository.findOwned(jobId.toString(), owner)
                .map(job -> policy.asSeenAt(job, clock.instant()));
    }

    /**
     * A page of the owner's jobs, newest first, each as the client should see it now. A status filter
     * applies to what the job is now: a job stored PROCESSING whose processor died long ago is FAILED.
     */
    public JobPage list(JobQuery query) {
        JobPage page = repository.list(query);
        var now = clock.instant();
        return new JobPage(page.jobs().stream()
                .map(job -> policy.asSeenAt(job, now))
                .filter(job -> query.status() == null || job.status() == query.status())
                .toList(), page.next());
    }
}
