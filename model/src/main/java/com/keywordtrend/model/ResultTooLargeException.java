package com.keywordtrend.model;

import com.keywordtrend.model.JobLimits;

/** A job's results would not fit in its item. */
public class ResultTooLargeException extends RuntimeException {
    private final int bytes;

    public ResultTooLargeException(int bytes) {
        super("results of " + bytes + " bytes exceed the item budget of " + JobLimits.MAX_RESULT_BYTES);
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
