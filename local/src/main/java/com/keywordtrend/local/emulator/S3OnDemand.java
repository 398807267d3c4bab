package com.keywordtrend.local.emulator;

import com.keywordtrend.local.LocalRunnerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runner's S3 emulator, started with the runner or at the first S3 call: S3Mock is a JVM that
 * takes about 10 s of CPU to start, which a runner that never stores a result in the bucket (most
 * test runners) need not pay. Calls made while it starts wait for it.
 */
public final class S3OnDemand implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private final Path projectRoot;
    private final Path root;
    private final List<String> buckets;
    private final Runnable onUnexpectedExit;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CompletableFuture<S3Emulator> started = new CompletableFuture<>();
    private boolean closed; // guarded by this

    /** {@code root}: where it keeps the objects; {@code onUnexpectedExit}: what happens if it dies once started. */
    public S3OnDemand(Path projectRoot, Path root, List<String> buckets, Runnable onUnexpectedExit) {
        this.projectRoot = projectRoot;
        this.root = root;
        this.buckets = List.copyOf(buckets);
        this.onUnexpectedExit = onUnexpectedExit;
    }

    /** Starts it on a thread of its own; after the first call, does nothing. */
    public void start() {
        if (!requested.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("s3-start").start(() -> {
            try {
                S3Emulator s3 = S3Emulator.start(projectRoot, 0, root, buckets, STARTUP_TIMEOUT);
                synchronized (this) {
                    if (closed) {
                        s3.close(); // the runner stopped while it started
                        throw new LocalRunnerException("the runner stopped");
                    }
                    s3.onUnexpectedExit(onUnexpectedExit);
                    started.complete(s3);
                }
            } catch (RuntimeException | Error | java.io.IOException e) {
                started.completeExceptionally(e);
            }
        });
    }

    /** Its endpoint, once it has started; asking starts it. */
    public CompletableFuture<String> endpoint() {
        start();
        return started.thenApply(S3Emulator::endpoint);
    }

    /** The emulator, started if it was not (waits for it). */
    public S3Emulator emulator() {
        start();
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LocalRunnerException failure) throw failure;
            throw new LocalRunnerException("the S3 emulator did not start: " + e.getCause());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (started.isDone() && !started.isCompletedExceptionally()) started.join().close();
        }
    }
}
