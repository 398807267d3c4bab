package com.keywordtrend.processors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The job cannot succeed, and trying again will not help; the message tells the user what to do.
 * {@code details} (may be null) are item attributes kept with the failure, e.g. which sources
 * answered and why the others did not.
 */
public class JobFailedException extends RuntimeException {
    private final transient ObjectNode details;

    public JobFailedException(String userMessage) {
        this(userMessage, null);
    }

    public JobFailedException(String userMessage, ObjectNode details) {
        super(userMessage);
        this.details = details;
    }

    public ObjectNode details() {
        return details;
    }
}
