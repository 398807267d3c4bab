package com.keywordtrend.model;

/** A COMPLETED job's result object is gone (deleted, or expired before its item): the result cannot be given. */
public final class ResultObjectMissingException extends RuntimeException {
    public ResultObjectMissingException(String jobId) {
        super("the result of job " + jobId + " is no longer stored");
    }
}
