package com.keywordtrend.model;

/** A create found a job with that id already: the job as it is stored. */
public class JobExistsException extends RuntimeException {
    private final transient Job existing;

    public JobExistsException(Job existing) {
        super("job " + existing.jobId() + " exists", null, false, false);
        this.existing = existing;
    }

    public Job existing() {
        return existing;
    }
}
