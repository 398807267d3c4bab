package com.keywordtrend.processors;

import com.keywordtrend.model.Settings;
import com.keywordtrend.sources.SourceUsage;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Job counts and durations of one invocation, gathered from the record threads and published
 * once at its end as CloudWatch embedded metric format (Powertools metrics), with the requests
 * this environment made to each data source since (dimension Source: their daily sum is what a
 * source's daily budget is measured against; template.yaml alarms on Datamuse's). Publishing never
 * fails an invocation.
 */
public final class JobMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(JobMetrics.class);

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder durationMillis = new LongAdder();
    private volatile long heapPeakBytes = -1;
    private volatile long heapLiveBytes = -1;
    /** The most heap in use right after a collection since the last reset: what survived it. */
    private static final java.util.concurrent.atomic.AtomicLong IN_USE_AFTER_COLLECTION = new java.util.concurrent.atomic.AtomicLong(-1);
    private static boolean watchingCollections;

    void started() {
        started.increment();
    }

    void completed(long millis) {
        completed.increment();
        durationMillis.add(millis);
    }

    void failed(long millis) {
        failed.increment();
        durationMillis.add(millis);
    }

    void retried() {
        retried.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    /** The job was cancelled (or taken over) while this attempt worked on it. */
    void cancelled() {
        cancelled.increment();
    }

    /** Starts measuring the heap's peak afresh (at the start of an invocation). */
    static void resetHeapPeak() {
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) pool.resetPeakUsage();
        }
        IN_USE_AFTER_COLLECTION.set(-1);
        watchCollections();
    }

    /**
     * Listens, once per environment, for the end of each collection and keeps the most heap still in
     * use after one. The peak below sums each pool's own peak (a full eden and a full old generation,
     * which never come at once) and counts garbage; this counts what survived a collection: the live
     * data, plus, after a young collection, the old generation's garbage not yet collected.
     */
    private static synchronized void watchCollections() {
        if (watchingCollections) return;
        watchingCollections = true;
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) heapPools.add(pool.getName());
        }
        for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(collector instanceof javax.management.NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((notification, handback) -> {
                if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) notification.getUserData());
                long used = 0;
                for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
                }
                IN_USE_AFTER_COLLECTION.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /**
     * Records the heap's peak since {@link #resetHeapPeak}: the sum of the heap pools' peaks, an upper
     * bound of what was in use at once (garbage not yet collected included), for sizing MemorySize.
     */
    void recordHeapPeak() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        heapPeakBytes = peak;
        heapLiveBytes = IN_USE_AFTER_COLLECTION.get();
    }

    /** Publishes through Powertools' EMF logger, in POWERTOOLS_METRICS_NAMESPACE (template.yaml sets it). */
    public void publish(String jobType) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        publish(jobType, SourceUsage.drain(), consumer -> metrics.flushMetrics(m -> {
            m.setNamespace(Settings.orDefault(Settings.SYSTEM, "POWERTOOLS_METRICS_NAMESPACE", "KeywordTrend"));
            consumer.accept(m);
        }));
    }

    /** @param sink flushes one metric set (one EMF document) with what the consumer adds */
    void publish(String jobType, Map<String, SourceUsage.Counts> sourceUsage, Consumer<Consumer<Metrics>> sink) {
        try {
            sourceUsage.forEach((source, counts) -> sink.accept(metrics -> {
                metrics.setDefaultDimensions(DimensionSet.of("Source", source));
                metrics.addMetric("SourceRequests", counts.requests(), MetricUnit.COUNT);
                metrics.addMetric("SourceThrottled", counts.throttled(), MetricUnit.COUNT);
                metrics.addMetric("SourceCacheHits", counts.cacheHits(), MetricUnit.COUNT);
                metrics.addMetric("SourceCacheMisses", counts.cacheMisses(), MetricUnit.COUNT);
            }));
        } catch (RuntimeException e) {
            LOG.warn("could not publish source metrics", e);
        }
        if (started.sum() + duplicates.sum() == 0) return;
        try {
            sink.accept(metrics -> {
                // exactly one dimension, so the template's alarms can name it
                metrics.setDefaultDimensions(DimensionSet.of("JobType", jobType));
                metrics.addMetric("JobsStarted", started.sum(), MetricUnit.COUNT);
                metrics.addMetric("JobsCompleted", completed.sum(), MetricUnit.COUNT);
                metrics.addMetric("JobsFailed", failed.sum(), MetricUnit.COUNT);
                metrics.addMetric("JobsRetried", retried.sum(), MetricUnit.COUNT);
                metrics.addMetric("DuplicateDeliveries", duplicates.sum(), MetricUnit.COUNT);
                metrics.addMetric("JobsCancelled", cancelled.sum(), MetricUnit.COUNT);
                long finished = completed.sum() + failed.sum();
                if (finished > 0) {
                    metrics.addMetric("JobDuration", (double) durationMillis.sum() / finished, MetricUnit.MILLISECONDS);
                }
                if (heapPeakBytes >= 0) metrics.addMetric("HeapPeak", heapPeakBytes / 1048576.0, MetricUnit.MEGABYTES);
                // only when a collection ran during the invocation
                if (heapLiveBytes >= 0) metrics.addMetric("HeapLive", heapLiveBytes / 1048576.0, MetricUnit.MEGABYTES);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not publish metrics", e);
        }
    }
}
