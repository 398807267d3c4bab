package com.keywordtrend.model;

import java.util.List;
import java.util.Objects;

/** One page of a listing, newest first, and where the next page starts (null after the last). */
public record JobPage(List<Job> jobs, Position next) {

    /** A place in an owner's listing: the index key of the last job read (created_at, then job_id). */
    public record Position(String createdAt, String jobId) {
        public Position {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
