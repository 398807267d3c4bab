package com.keywordtrend.local;

/** A problem the person running the pipeline can fix; its message is printed as one line. */
public class LocalRunnerException extends RuntimeException {
    public LocalRunnerException(String message) {
        super(message);
    }
}
