package com.keywordtrend.model;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Subsegment;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The one place that knows the tracing backend (the X-Ray SDK), with the store's {@code AwsClients},
 * which records each AWS call. Moving to OpenTelemetry changes these two files only. Outside Lambda
 * (tests, the local runner) there is no segment, and every method simply runs the work.
 */
public final class Tracing {
    // Lambda sets the daemon address when the function's tracing is Active; read once, it never changes
    private static final boolean ENABLED =
            System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null && System.getenv("AWS_XRAY_DAEMON_ADDRESS") != null;

    private Tracing() {
    }

    /** True inside Lambda with active tracing, where X-Ray provides the segment. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Runs {@code work} in a subsegment named {@code name}, recording any exception on it. */
    public static <T> T inSubsegment(String name, Supplier<T> work) {
        if (!enabled()) return work.get();
        Subsegment subsegment = AWSXRay.beginSubsegment(name);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            subsegment.addException(e);
            throw e;
        } finally {
            AWSXRay.endSubsegment();
        }
    }

    public static void inSubsegment(String name, Runnable work) {
        inSubsegment(name, () -> {
            work.run();
            return null;
        });
    }

    /**
     * {@code work} bound to the caller's trace, for running on another thread: X-Ray keeps the
     * current segment per thread, so fanned-out calls would otherwise record nothing.
     */
    public static <T> Callable<T> propagating(Callable<T> work) {
        if (!enabled()) return work;
        Entity parent = AWSXRay.getTraceEntity();
        if (parent == null) return work;
        return () -> {
            AWSXRay.setTraceEntity(parent);
            try {
                return work.call();
            } finally {
                AWSXRay.clearTraceEntity();
            }
        };
    }

    /** An indexed annotation on the current (sub)segment, e.g. job_id, to find a trace by it. */
    public static void annotate(String key, String value) {
        if (!enabled() || value == null) return;
        var entity = AWSXRay.getTraceEntity();
        if (entity != null) entity.putAnnotation(key, value);
    }
}
