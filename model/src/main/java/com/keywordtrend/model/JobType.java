package com.keywordtrend.model;

import java.util.Arrays;
import java.util.Optional;

/** The two kinds of job. {@link #wireName()} is what the item's {@code job_type} holds and what the stream filters match. */
public enum JobType {
    ORCHESTRATE("orchestrate"),
    TRENDS("trends");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<JobType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
