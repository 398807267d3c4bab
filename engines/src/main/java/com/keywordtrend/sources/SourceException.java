package com.keywordtrend.sources;

/** A data source could not answer; the message says why in a few words, fit for the job's sources report. */
public class SourceException extends Exception {
    private final boolean notFound;

    public SourceException(String message, boolean notFound) {
        super(message, null, false, false);
        this.notFound = notFound;
    }

    public SourceException(String message) {
        this(message, false);
    }

    /** The source answered that it has nothing for this request (HTTP 404), which is data, not a fault. */
    public boolean notFound() {
        return notFound;
    }
}
