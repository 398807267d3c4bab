package com.keywordtrend.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Answers of the public sources, kept for a while (each source says how long) and shared by every
 * execution environment, so that a second job asking what an earlier one asked makes no outbound
 * call. Best effort: a cache that cannot answer is a miss, and one that cannot store loses nothing
 * but the saving.
 */
public interface SourceCache {
    /** A source's answer: its status (200, or 404 for "no data") and body. */
    record Entry(int status, String body) {
    }

    Optional<Entry> get(String key);

    void put(String key, Entry entry, Duration timeToLive);

    SourceCache NONE = new SourceCache() {
        @Override
        public Optional<Entry> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, Entry entry, Duration timeToLive) {
        }
    };
}
