package com.keywordtrend.sources;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests made to each data source, and throttling answers received, by this execution environment
 * since the last {@link #drain}. The processors publish them after each invocation as metrics, whose
 * daily sum across all environments is what a source's daily budget (Datamuse: 100,000 requests)
 * is measured against; a per-environment count could not enforce a budget shared by many.
 */
public final class SourceUsage {
    /** Counts of one source. */
    public record Counts(long requests, long throttled) {
    }

    private static final Map<String, LongAdder> REQUESTS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> THROTTLED = new ConcurrentHashMap<>();

    private SourceUsage() {
    }

    static void requested(String source) {
        REQUESTS.computeIfAbsent(source, s -> new LongAdder()).increment();
    }

    static void throttled(String source) {
        THROTTLED.computeIfAbsent(source, s -> new LongAdder()).increment();
    }

    /** The counts since the last drain, by source name, and starts counting afresh. */
    public static Map<String, Counts> drain() {
        Map<String, Counts> counts = new TreeMap<>();
        for (String source : REQUESTS.keySet()) counts.put(source, new Counts(REQUESTS.get(source).sumThenReset(), 0));
        for (String source : THROTTLED.keySet()) {
            long throttled = THROTTLED.get(source).sumThenReset();
            counts.merge(source, new Counts(0, throttled), (a, b) -> new Counts(a.requests(), b.throttled()));
        }
        counts.values().removeIf(c -> c.requests() == 0 && c.throttled() == 0);
        return counts;
    }
}
