package com.keywordtrend.model;

import java.util.Objects;

/**
 * Which of an owner's jobs to list: optionally only one type and one stored status, at most
 * {@code limit}, after {@code after} (where the previous page ended; null for the first page).
 */
public record JobQuery(String owner, JobType type, JobStatus status, int limit, JobPage.Position after) {
    public static final int MAX_LIMIT = 100;

    public JobQuery {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
}
