package com.keywordtrend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import java.time.Clock;
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

    public Job start(JobType type, ObjectNode inputs) {
        Job job = Job.pending(ids.get().toString(), type, clock.instant(), policy, inputs);
        repository.create(job);
        return job;
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
