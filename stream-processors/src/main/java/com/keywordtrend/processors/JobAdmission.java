package com.keywordtrend.processors;

import com.keywordtrend.model.Settings;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * How many jobs of a batch one execution environment runs at once: as many as fit, each at the
 * engine's estimate of its own peak ({@link com.keywordtrend.engines.JobEngine#peakBytes}, from its
 * inputs: a trends job of 50 keywords × 600 days holds far more than one of 5 × 60), into
 * {@value #HEAP_SHARE_PERCENT} % of the heap left free after init (the rest is headroom for the
 * collector and for a job larger than estimated); the others wait, in order, for room. Jobs mostly
 * wait on the network, so a batch of hundreds runs concurrently on one vCPU; what bounds them is
 * memory. PROCESSOR_MAX_CONCURRENT_JOBS caps the count further.
 */
final class JobAdmission {
    static final int HEAP_SHARE_PERCENT = 60;

    private final Semaphore jobs;
    private final Semaphore kilobytes;
    private final int maxJobs;
    private final int budgetKilobytes;

    /** @param budgetBytes the heap the admitted jobs may hold together */
    JobAdmission(int maxJobs, long budgetBytes) {
        this.maxJobs = Math.max(1, maxJobs);
        this.budgetKilobytes = (int) Math.clamp(budgetBytes / 1024, 1, Integer.MAX_VALUE);
        this.jobs = new Semaphore(this.maxJobs, true);
        this.kilobytes = new Semaphore(budgetKilobytes, true);
    }

    /** From the heap this JVM may still use. */
    static JobAdmission forHeap(long freeHeapBytes, UnaryOperator<String> settings) {
        return new JobAdmission(Settings.intOrDefault(settings, "PROCESSOR_MAX_CONCURRENT_JOBS", 1_000),
                freeHeapBytes * HEAP_SHARE_PERCENT / 100);
    }

    /** The heap this JVM may still grow into: its maximum less what is in use now. */
    static long freeHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** How many jobs of {@code peakBytes} each fit at once (at least one). */
    int capacityFor(long peakBytes) {
        return (int) Math.min(maxJobs, Math.max(1, budgetKilobytes / Math.max(1, cost(peakBytes))));
    }

    long budgetBytes() {
        return budgetKilobytes * 1024L;
    }

    /** A job larger than the whole budget takes all of it: it runs alone, never refused. */
    private int cost(long peakBytes) {
        return (int) Math.clamp((peakBytes + 1023) / 1024, 1, budgetKilobytes);
    }

    /** Room for a job of {@code peakBytes} at once, or null when there is none. */
    Slot tryAdmit(long peakBytes) {
        int cost = cost(peakBytes);
        if (!jobs.tryAcquire()) return null;
        if (!kilobytes.tryAcquire(cost)) {
            jobs.release();
            return null;
        }
        return () -> release(cost);
    }

    /** Waits for room, in order of arrival; the returned handle gives it back. */
    Slot admit(long peakBytes) throws InterruptedException {
        int cost = cost(peakBytes);
        jobs.acquire();
        try {
            kilobytes.acquire(cost);
        } catch (InterruptedException e) {
            jobs.release();
            throw e;
        }
        return () -> release(cost);
    }

    private void release(int cost) {
        kilobytes.release(cost);
        jobs.release();
    }

    @FunctionalInterface
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
