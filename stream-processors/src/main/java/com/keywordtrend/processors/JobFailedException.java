package com.keywordtrend.processors;

/** The job cannot succeed, and trying again will not help; the message tells the user what to do. */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String userMessage) {
        super(userMessage);
    }
}
