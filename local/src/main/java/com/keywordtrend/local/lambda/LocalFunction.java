package com.keywordtrend.local.lambda;

import com.keywordtrend.local.trace.TraceCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function of template.yaml and its execution environments: each a JVM of its own, used for one
 * invocation at a time and kept warm between them; another is started when invocations overlap, up
 * to {@code maxEnvironments} (a local stand-in for the account's concurrency). Events and responses
 * travel as JSON, as between Lambda and its runtime.
 */
public final class LocalFunction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFunction.class);
    /** Lambda allows 10 s of init on demand; a loaded two-core machine starting several JVMs needs more. */
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);
    private static final int STARTS_PER_INVOCATION = 3;

    /**
     * What the runner needs to start an environment of this function.
     *
     * @param traces   where invocations are traced; null leaves every trace unsampled
     * @param aotCache whether environments start from the task root's AOT cache, made once one has started
     */
    public record Config(String logicalId, String handler, int memoryMb, Duration timeout, boolean snapStart,
                  Map<String, String> environment, String runtimeClasspath, ProcessBuilder.Redirect output,
                  TraceCollector traces, boolean aotCache) {

        /**
         * The heap bound: the function's memory, of which the JVM takes what a container of that size gives it. The
         * JDK's AOT cache warnings stay off the terminal: a JDK 25 JVM starting from a cache that holds the function's
         * classes warns of an adapter it could not link and makes it anew, which nobody running the code can act on.
         */
        List<String> jvmOptions() {
            return List.of("-XX:MaxRAM=" + memoryMb + "m", "-XX:MaxRAMPercentage=85", "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED", "-Xlog:aot*=error");
        }
    }

    private final Config config;
    private final Semaphore permits;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new CopyOnWriteArrayList<>();
    private final List<ExecutionEnvironment> busy = new CopyOnWriteArrayList<>();
    private final AtomicInteger environmentsStarted = new AtomicInteger();
    /** The latest events, for tests to read what reached a function; bounded, as the runner may run for days. */
    private final Deque<String> recentEvents = new ArrayDeque<>();
    private long recentEventChars;
    private final AtomicInteger invocations = new AtomicInteger();
    static final int EVENTS_KEPT = 200;
    static final long EVENT_CHARS_KEPT = 16L << 20;
    /** Lambda's limit on a synchronous invocation's payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private final List<Long> initMillis = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** Where this function's AOT cache is, or is to be made; null when the runner uses none. */
    private final Path aotCacheFile;
    /** The environments' classpath: the runtime interface client's, and the function's jars when a cache is used. */
    private final String classpath;
    /** The training that makes this function's task root an AOT cache, if this function started one. */
    private volatile AutoCloseable aotTraining;

    public LocalFunction(Config config, int maxEnvironments) {
        this.config = config;
        this.permits = new Semaphore(maxEnvironments, true);
        this.aotCacheFile = config.aotCache() ? AotCache.file(config.jvmOptions(), config.environment()) : null;
        // with a cache, the JVM's own loader takes the function's classes from the root's jars, so that the cache holds them
        this.classpath = config.aotCache() ? config.runtimeClasspath() + java.io.File.pathSeparator
                + TaskRoot.classpathJars(Path.of(config.environment().get("LAMBDA_TASK_ROOT"))) : config.runtimeClasspath();
    }

    public String logicalId() {
        return config.logicalId();
    }

    public Duration timeout() {
        return config.timeout();
    }

    public static String arn(String functionName) {
        return "arn:aws:lambda:local:000000000000:function:" + functionName;
    }

    /** The pids of the environments running an invocation right now (fault tests kill them). */
    public List<Long> busyPids() {
        return busy.stream().filter(ExecutionEnvironment::isAlive).map(ExecutionEnvironment::pid).toList();
    }

    /** How many environments (JVMs) this function has started: cold starts. */
    public int environmentsStarted() {
        return environmentsStarted.get();
    }

    /** The pids of all live environments of this function. */
    public List<Long> environmentPids() {
        return all.stream().filter(ExecutionEnvironment::isAlive).map(ExecutionEnvironment::pid).toList();
    }

    /** How long each environment took from process start to its first request for work (init), in ms. */
    public List<Long> initMillis() {
        return List.copyOf(initMillis);
    }

    /** The latest events this function was invoked with (up to 200 and 16 M characters), oldest first. */
    public synchronized List<String> events() {
        return List.copyOf(recentEvents);
    }

    /** How many times this function was invoked (a payload Lambda refuses counts too). */
    public int invocations() {
        return invocations.get();
    }

    private synchronized void keep(String event) {
        recentEvents.addLast(event);
        recentEventChars += event.length();
        while (recentEvents.size() > EVENTS_KEPT || (recentEventChars > EVENT_CHARS_KEPT && recentEvents.size() > 1)) {
            recentEventChars -= recentEvents.removeFirst().length();
        }
    }

    /** Starts one environment ahead of the first invocation, as provisioned concurrency would. */
    public void prewarm() {
        Thread.ofVirtual().name("prewarm-" + config.logicalId()).start(() -> {
            if (!permits.tryAcquire()) return;
            try {
                ExecutionEnvironment env = startEnvironment();
                if (env != null) release(env, true);
            } finally {
                permits.release();
            }
        });
    }

    /** Runs the function on {@code event} (JSON); its response (JSON), or a function error as Lambda reports it. */
    public String invoke(String event) throws FunctionErrorException {
        if (closed) throw new FunctionErrorException(config.logicalId() + " is stopped");
        invocations.incrementAndGet();
        int bytes = event.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            // Lambda refuses it before any environment sees it
            throw new FunctionErrorException("RequestEntityTooLargeException: the event is " + bytes + " bytes; at most "
                    + MAX_PAYLOAD_BYTES + " are accepted");
        }
        keep(event);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionErrorException("interrupted while waiting for an execution environment");
        }
        ExecutionEnvironment env = null;
        try {
            env = takeIdle();
            for (int start = 0; env == null && start < STARTS_PER_INVOCATION; start++) env = startEnvironment();
            if (env == null) throw new FunctionErrorException(config.logicalId() + ": no execution environment could start");
            busy.add(env);
            try {
                String response = env.invoke(event, config.timeout());
                int responseBytes = response.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (responseBytes > MAX_PAYLOAD_BYTES) {
                    // Lambda discards a response past its payload limit; the caller (API Gateway: 502) sees only this
                    throw new FunctionErrorException("Response payload size (" + responseBytes + " bytes) exceeded maximum allowed payload size ("
                            + MAX_PAYLOAD_BYTES + " bytes).");
                }
                return response;
            } finally {
                busy.remove(env);
            }
        } finally {
            if (env != null) release(env, env.isAlive());
            permits.release();
        }
    }

    private synchronized ExecutionEnvironment takeIdle() {
        while (!idle.isEmpty()) {
            ExecutionEnvironment env = idle.pollFirst();
            if (env.isAlive()) return env;
            discard(env);
        }
        return null;
    }

    private synchronized void release(ExecutionEnvironment env, boolean reusable) {
        if (reusable && !closed) idle.addFirst(env); // the warmest first, as Lambda reuses them
        else discard(env);
    }

    private void discard(ExecutionEnvironment env) {
        env.close();
        all.remove(env);
    }

    private ExecutionEnvironment startEnvironment() {
        if (closed) return null;
        try {
            long started = System.nanoTime();
            boolean fromCache = aotCache().isPresent();
            List<String> jvmOptions = new ArrayList<>(config.jvmOptions());
            if (fromCache) jvmOptions.add("-XX:AOTCache=" + aotCacheFile);
            ExecutionEnvironment env = ExecutionEnvironment.start(config.logicalId(), config.handler(), jvmOptions,
                    classpath, config.environment(), config.output(), config.traces());
            all.add(env);
            environmentsStarted.incrementAndGet();
            if (env.awaitInit(INIT_TIMEOUT)) {
                initMillis.add((System.nanoTime() - started) / 1_000_000);
                if (aotCacheFile != null && !fromCache) trainAotCache();
                return env;
            }
            discard(env);
            LOG.warn("{}: an execution environment failed to initialise", config.logicalId());
        } catch (IOException e) {
            LOG.error("{}: could not start an execution environment", config.logicalId(), e);
        }
        return null;
    }

    /** The AOT cache this function's environments start from, once made (and when the runner uses one). */
    public Optional<Path> aotCache() {
        return Optional.ofNullable(aotCacheFile).filter(Files::isRegularFile);
    }

    /** After a first environment started well: a training never competes with the cold start it would not help. */
    private synchronized void trainAotCache() {
        if (aotTraining != null || closed) return;
        aotTraining = AotCache.trainIfMissing(aotCacheFile, config.logicalId(), config.handler(), config.jvmOptions(),
                classpath, config.environment());
    }

    @Override
    public void close() {
        AutoCloseable training;
        synchronized (this) {
            closed = true;
            training = aotTraining;
        }
        if (training != null) {
            try {
                training.close();
            } catch (Exception e) {
                LOG.debug("{}: AOT training did not stop cleanly", config.logicalId(), e);
            }
        }
        for (ExecutionEnvironment env : new ArrayList<>(all)) env.close();
        all.clear();
        synchronized (this) {
            idle.clear();
        }
    }

    /** The invocation failed as a whole (exception, crash or timeout): Lambda retries or bisects the batch. */
    public static final class FunctionErrorException extends Exception {
        FunctionErrorException(String message) {
            super(message);
        }
    }
}
