package com.keywordtrend.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.keywordtrend.sources.SourceUsage;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;

class JobMetricsTest {
    @Test
    void an_invocation_publishes_its_counts_and_mean_duration_under_the_job_type_alone() {
        Map<String, Double> values = new LinkedHashMap<>();
        List<DimensionSet> dimensions = new ArrayList<>();
        Metrics recorder = (Metrics) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addMetric")) values.put((String) args[0], (Double) args[1]);
                    if (method.getName().equals("setDefaultDimensions")) dimensions.add((DimensionSet) args[0]);
                    return null;
                });
        JobMetrics metrics = new JobMetrics();
        metrics.started();
        metrics.started();
        metrics.completed(100);
        metrics.failed(300);
        metrics.duplicate();
        metrics.publish("trends", Map.of(), consumer -> consumer.accept(recorder));
        assertEquals(2.0, values.get("JobsStarted"));
        assertEquals(1.0, values.get("JobsCompleted"));
        assertEquals(1.0, values.get("JobsFailed"));
        assertEquals(1.0, values.get("DuplicateDeliveries"));
        assertEquals(200.0, values.get("JobDuration"));
        assertEquals(Map.of("JobType", "trends"), dimensions.getFirst().getDimensions());
    }

    @Test
    void heap_live_is_what_a_collection_leaves_not_the_garbage_the_peak_counts() {
        Map<String, Double> values = new LinkedHashMap<>();
        Metrics recorder = (Metrics) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addMetric")) values.put((String) args[0], (Double) args[1]);
                    return null;
                });
        JobMetrics.resetHeapPeak();
        byte[][] held = new byte[64][];
        for (int i = 0; i < held.length; i++) held[i] = new byte[1 << 20]; // 64 MB live
        for (int i = 0; i < 256; i++) {
            byte[] garbage = new byte[1 << 20]; // 256 MB more, dropped at once
            garbage[0] = 1;
        }
        System.gc(); // a full collection, as a filled heap would bring
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            JobMetrics metrics = new JobMetrics();
            metrics.started();
            metrics.recordHeapPeak();
            metrics.publish("trends", Map.of(), consumer -> consumer.accept(recorder));
            return values.containsKey("HeapLive");
        }); // the collector's notification arrives on its own thread
        double live = values.get("HeapLive");
        assertTrue(live >= 64 && live < values.get("HeapPeak"), "live " + live + " MB, peak " + values.get("HeapPeak") + " MB");
        assertEquals(64, held.length);
    }

    @Test
    void an_invocation_with_no_job_publishes_nothing() {
        List<String> calls = new ArrayList<>();
        new JobMetrics().publish("orchestrate", Map.of(), consumer -> calls.add("flushed"));
        assertEquals(List.of(), calls);
    }

    @Test
    void requests_to_each_source_are_published_under_the_source_alone() {
        List<Map<String, Object>> sets = new ArrayList<>();
        Map<String, SourceUsage.Counts> usage = new java.util.TreeMap<>(Map.of("datamuse", new SourceUsage.Counts(12, 1, 30, 12),
                "wikipedia", new SourceUsage.Counts(7, 0, 0, 7)));
        new JobMetrics().publish("orchestrate", usage, consumer -> {
            Map<String, Object> set = new LinkedHashMap<>();
            consumer.accept((Metrics) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Metrics.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("addMetric")) set.put((String) args[0], args[1]);
                        if (method.getName().equals("setDefaultDimensions")) set.put("dimensions", ((DimensionSet) args[0]).getDimensions());
                        return null;
                    }));
            sets.add(set);
        });
        assertEquals(2, sets.size(), "one metric set per source, even without a job in the invocation");
        assertEquals(Map.of("Source", "datamuse"), sets.get(0).get("dimensions"));
        assertEquals(12.0, sets.get(0).get("SourceRequests"));
        assertEquals(1.0, sets.get(0).get("SourceThrottled"));
        assertEquals(30.0, sets.get(0).get("SourceCacheHits"));
        assertEquals(12.0, sets.get(0).get("SourceCacheMisses"));
        assertEquals(7.0, sets.get(1).get("SourceRequests"));
    }
}
