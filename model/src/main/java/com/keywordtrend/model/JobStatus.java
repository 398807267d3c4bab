package com.keywordtrend.model;

/** Lifecycle of a job. A job only ever moves forward, and never out of a final status. */
public enum JobStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
