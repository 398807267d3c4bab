package com.keywordtrend.engines;

import com.keywordtrend.model.JobResults;

/**
 * The job cannot succeed, and trying again will not help; the message tells the user what to do.
 * {@code details} (may be null) are results kept with the failure, e.g. which sources answered
 * and why the others did not.
 */
public class JobFailedException extends RuntimeException {
    private final transient JobResults details;

    public JobFailedException(String userMessage) {
        this(userMessage, null);
    }

    public JobFailedException(String userMessage, JobResults details) {
        super(userMessage);
        this.details = details;
    }

    public JobResults details() {
        return details;
    }
}
