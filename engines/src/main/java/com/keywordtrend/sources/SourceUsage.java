package com.keywordtrend.sources;

import com.keywordtrend.model.CacheUse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this execution environment asked of each data source since the last {@link #drain}: requests
 * made, throttling answers received, answers taken from the shared cache (hits) or not (misses).
 * The processors publish them after each invocation as metrics, whose daily sum across all
 * environments is what a source's daily budget (Datamuse: 100,000 requests) is measured against;
 * a per-environment count could not enforce a budget shared by many.
 *
 * <p>A job's own cache hits and misses are counted in a {@link Tally} that its threads carry
 * ({@link #counting}, {@link #propagating}), because the clients are shared by every job of the
 * environment.
 */
public final class SourceUsage {
    /** Counts of one source. */
    public record Counts(long requests, long throttled, long cacheHits, long cacheMisses) {
    }

    private enum Kind { REQUEST, THROTTLED, HIT, MISS }

    private static final Map<String, LongAdder[]> COUNTS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Tally> CURRENT = new ThreadLocal<>();

    private SourceUsage() {
    }

    private static void count(String source, Kind kind) {
        COUNTS.computeIfAbsent(source, s -> newAdders())[kind.ordinal()].increment();
        if (kind == Kind.HIT || kind == Kind.MISS) {
            Tally tally = CURRENT.get();
            if (tally != null) tally.adders.computeIfAbsent(source, s -> newAdders())[kind.ordinal()].increment();
        }
    }

    private static LongAdder[] newAdders() {
        LongAdder[] adders = new LongAdder[Kind.values().length];
        for (int i = 0; i < adders.length; i++) adders[i] = new LongAdder();
        return adders;
    }

    static void requested(String source) {
        count(source, Kind.REQUEST);
    }

    static void throttled(String source) {
        count(source, Kind.THROTTLED);
    }

    static void cacheHit(String source) {
        count(source, Kind.HIT);
    }

    static void cacheMiss(String source) {
        count(source, Kind.MISS);
    }

    /** The counts since the last drain, by source name, and starts counting afresh. */
    public static Map<String, Counts> drain() {
        Map<String, Counts> counts = new TreeMap<>();
        COUNTS.forEach((source, adders) -> {
            Counts c = new Counts(adders[0].sumThenReset(), adders[1].sumThenReset(), adders[2].sumThenReset(), adders[3].sumThenReset());
            if (!c.equals(new Counts(0, 0, 0, 0))) counts.put(source, c);
        });
        return counts;
    }

    /** One job's (or one keyword's) cache hits and misses per source. */
    public static final class Tally {
        private final Map<String, LongAdder[]> adders = new ConcurrentHashMap<>();

        /** Null when no call of this source went through the cache. */
        public CacheUse cacheUse(String source) {
            LongAdder[] a = adders.get(source);
            return a == null ? null : new CacheUse(a[Kind.HIT.ordinal()].intValue(), a[Kind.MISS.ordinal()].intValue());
        }

        /** All sources together; null when no call went through the cache. */
        public CacheUse total() {
            if (adders.isEmpty()) return null;
            int hits = 0, misses = 0;
            for (LongAdder[] a : adders.values()) {
                hits += a[Kind.HIT.ordinal()].intValue();
                misses += a[Kind.MISS.ordinal()].intValue();
            }
            return new CacheUse(hits, misses);
        }
    }

    /** Runs {@code work} with its cache hits and misses (and those of tasks it hands on with {@link #propagating}) counted in {@code tally}. */
    public static <T> T counting(Tally tally, Callable<T> work) throws Exception {
        Tally previous = CURRENT.get();
        CURRENT.set(tally);
        try {
            return work.call();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** {@code work} to run on another thread, counting into the tally of the thread that wraps it. */
    public static <T> Callable<T> propagating(Callable<T> work) {
        Tally tally = CURRENT.get();
        return tally == null ? work : () -> counting(tally, work);
    }
}
