package com.keywordtrend.model;

/** DynamoDB throttled us or could not be reached: the caller may try again later, nothing was lost. */
public class JobStoreUnavailableException extends RuntimeException {
    public JobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
