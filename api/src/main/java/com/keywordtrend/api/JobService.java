package com.keywordtrend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.JobExistsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Starts and polls jobs: one conditional write per start, one consistent read per poll. */
public final class JobService {
    private final JobRepository repository;
    private final JobPolicy policy;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public JobService(JobRepository repository, JobPolicy policy, Clock clock, Supplier<UUID> ids) {
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
        this.ids = ids;
    }

    /** Who owns jobs until requests carry an identity (owner scoping comes with the authorizer). */
    static final String ANONYMOUS = "anonymous";
    /** The item attribute holding what a repeated start must match. */
    static final String FINGERPRINT = "request_fingerprint";

    /** A new job, or, under an Idempotency-Key seen before with the same request, the job it started. */
    public record Started(Job job, boolean replayed) {
    }

    public Job start(JobType type, ObjectNode inputs) {
        return start(type, inputs, null).job();
    }

    /**
     * One conditional write either way. With {@code idempotencyKey}, the job id is derived from the
     * owner and the key, so a repeated start finds its job (returned with the refused write) instead
     * of writing a second item and a second stream record; a different request under the same key
     * is a 422. Keys live as long as their job is kept (7 days), at least the 24 h clients are promised.
     */
    public Started start(JobType type, ObjectNode inputs, String idempotencyKey) {
        if (idempotencyKey == null) {
            Job job = Job.pending(ids.get().toString(), type, clock.instant(), policy, inputs);
            repository.create(job);
            return new Started(job, false);
        }
        String fingerprint = fingerprint(type, inputs);
        String jobId = UUID.nameUUIDFromBytes((ANONYMOUS + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        Job job = Job.pending(jobId, type, clock.instant(), policy, inputs.deepCopy().put(FINGERPRINT, fingerprint));
        try {
            repository.create(job);
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

    /** SHA-256 of the job type and the validated inputs (built in a fixed order by StartRequest). */
    static String fingerprint(JobType type, ObjectNode inputs) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type.wireName() + "\n" + inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The job of this type as the client should see it now; empty when unknown (or of the other type). */
    public Optional<Job> poll(JobType type, UUID jobId) {
        return find(jobId).filter(job -> job.type() == type);
    }

    /** Cancels the job; the job as it is afterwards (cancelled, or already finished), empty when unknown. */
    public Optional<Job> cancel(UUID jobId) {
        JobRepository.CancelOutcome outcome = repository.cancel(jobId.toString(), clock.instant());
        return outcome == JobRepository.CancelOutcome.MISSING ? Optional.empty() : find(jobId);
    }

    /** The job, of either type, as the client should see it now; empty when unknown. */
    public Optional<Job> find(UUID jobId) {
        return repository.find(jobId.toString()).map(job -> policy.asSeenAt(job, clock.instant()));
    }
}
