package com.keywordtrend.processors;

import com.keywordtrend.model.Settings;
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
 * once at its end as CloudWatch embedded metric format (Powertools metrics). Publishing never
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

    /** Publishes through Powertools' EMF logger, in POWERTOOLS_METRICS_NAMESPACE (template.yaml sets it). */
    public void publish(String jobType) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        publish(jobType, consumer -> metrics.flushMetrics(m -> {
            m.setNamespace(Settings.orDefault(Settings.SYSTEM, "POWERTOOLS_METRICS_NAMESPACE", "KeywordTrend"));
            consumer.accept(m);
        }));
    }

    void publish(String jobType, Consumer<Consumer<Metrics>> sink) {
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
            });
        } catch (RuntimeException e) {
            LOG.warn("could not publish metrics", e);
        }
    }
}
