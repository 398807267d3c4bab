package com.keywordtrend.processors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Gzip;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobResults;
import com.keywordtrend.model.JobType;
import com.keywordtrend.store.AttributeJson;
import com.keywordtrend.trends.SyntheticTrendsJobs;
import com.keywordtrend.trends.TrendAnalysis;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The heap a trends job holds at its peak, by its size (keywords × points): one job from an export
 * runs alone while a sampler forces collection after collection and keeps the largest live heap
 * (less the heap before it), the most of 8 runs; beside it, what the job allocated in all. A job
 * includes its result's write as the store makes it: the item attributes, their gzip, and past the
 * item the object's JSON and its gzip. What {@link TrendAnalysis#peakBytes} estimates is checked
 * against both. Here, beside the store, as the processors run it; run by {@code bash engines/bench.sh} (its last lines, "HEAP"); the largest shape is
 * the documented maximum, 50 keywords of 100 characters over 1,827 days (a ~10 MB result).
 */
public final class TrendJobHeap {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        TrendAnalysis analysis = new TrendAnalysis(null, Clock.systemUTC(), Duration.ofSeconds(60));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int[] shape : new int[][] {{5, 150, 6}, {20, 300, 6}, {50, 600, 6}, {50, 1_827, 6}, {50, 1_827, 100}}) {
            int keywords = shape[0];
            int rows = shape[1];
            Job job = SyntheticTrendsJobs.job(keywords, rows, shape[2]);
            write(analysis.run(job, (p, s) -> { }, Instant.now().plusSeconds(60))); // warm-up
            long live = 0;
            long allocated = 0;
            for (int i = 0; i < runs; i++) {
                long[] measured = measure(analysis, job, threads);
                live = Math.max(live, measured[0]);
                allocated = Math.max(allocated, measured[1]);
            }
            System.out.printf("HEAP trends job of %d keywords of %d characters x %d daily points (%,d values): live at its peak"
                            + " %.1f MB, allocated %.1f MB; estimated %.1f MB%n", keywords, shape[2], rows, keywords * rows,
                    live / 1048576.0, allocated / 1048576.0, analysis.peakBytes(job.inputs()) / 1048576.0);
        }
    }

    /** One job alone: the most heap it held live (a collection every millisecond while it runs) and what it allocated. */
    static long[] measure(TrendAnalysis analysis, Job job, com.sun.management.ThreadMXBean threads) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicBoolean running = new AtomicBoolean(true);
        long[] peak = {0};
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                System.gc();
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed() - before);
                Thread.onSpinWait();
            }
        });
        long[] allocated = {0};
        Thread worker = Thread.ofPlatform().start(() -> {
            long start = threads.getCurrentThreadAllocatedBytes();
            write(analysis.run(job, (p, s) -> { }, Instant.now().plusSeconds(120)));
            allocated[0] = threads.getCurrentThreadAllocatedBytes() - start;
        });
        worker.join();
        running.set(false);
        sampler.join();
        return new long[] {peak[0], allocated[0]};
    }

    /** What the store makes of a result past the item: its attributes gzipped, then the object's JSON and gzip. */
    static int write(com.keywordtrend.model.TrendsResults results) {
        ObjectNode attributes = results.toAttributes();
        int size = 0;
        for (var attribute : attributes.properties()) size += AttributeJson.storedSize(AttributeJson.toStoredAttribute(attribute.getValue()));
        byte[] json = AttributeJson.json(JobResults.storedReply(JobType.TRENDS, attributes));
        return size + Gzip.compress(json).length;
    }
}
