package com.keywordtrend.processors;

import com.keywordtrend.model.Settings;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * How many jobs of a batch one execution environment runs at once: as many as its heap holds at the
 * engine's estimated peak per job ({@link com.keywordtrend.engines.JobEngine#peakBytesPerJob}), in
 * {@value #HEAP_SHARE_PERCENT} % of the heap left free after init (the rest is headroom for the
 * collector and for a job larger than measured); the others wait for a slot. Jobs mostly wait on
 * the network, so a batch of hundreds runs concurrently on one vCPU; what bounds them is memory.
 * PROCESSOR_MAX_CONCURRENT_JOBS caps it further.
 */
final class JobAdmission {
    static final int HEAP_SHARE_PERCENT = 60;

    private final Semaphore slots;
    private final int capacity;

    JobAdmission(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.slots = new Semaphore(this.capacity, true);
    }

    /** From the heap this JVM may still use and the engine's peak per job. */
    static JobAdmission forHeap(long freeHeapBytes, long peakBytesPerJob, UnaryOperator<String> settings) {
        long byMemory = freeHeapBytes * HEAP_SHARE_PERCENT / 100 / Math.max(1, peakBytesPerJob);
        int cap = Settings.intOrDefault(settings, "PROCESSOR_MAX_CONCURRENT_JOBS", 1_000);
        return new JobAdmission((int) Math.min(byMemory, cap));
    }

    /** The heap this JVM may still grow into: its maximum less what is in use now. */
    static long freeHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    int capacity() {
        return capacity;
    }

    /** A slot at once, or null when all are taken. */
    Slot tryAdmit() {
        return slots.tryAcquire() ? slots::release : null;
    }

    /** Waits for a slot; the returned handle gives it back. */
    Slot admit() throws InterruptedException {
        slots.acquire();
        return slots::release;
    }

    @FunctionalInterface
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
