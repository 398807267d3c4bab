package com.keywordtrend.local.lambda;

import com.keywordtrend.local.ChildProcess;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK AOT cache (JEP 483, 515) for the environments of one task root. Deployed, SnapStart restores
 * a function from a snapshot taken after its init and priming; here each environment is a fresh JVM
 * that would load, link and profile the same classes again at every cold start. So once an
 * environment of a task root has started, a training JVM runs the same init and priming under
 * {@code -XX:AOTMode=record} and is stopped at its first request for work; a second JVM makes the
 * cache from that record ({@code -XX:AOTMode=create}), and every later environment starts with
 * {@code -XX:AOTCache}. The cache is an optimisation only: without it (training not yet done,
 * failed, or turned off) environments start as before. It holds the function's classes too, as the
 * environments of a runner with a cache have the task root's jars on their classpath ({@link TaskRoot#classpathJars}).
 *
 * <p>It lives in the task root (one version of the code, never changed otherwise), named by what the
 * JDK checks a cache against: its own version and the JVM options (all but the heap bound, which the
 * JDK lets differ). A root is trained by one process at a time (a lock beside the cache); the cache is
 * written under another name and renamed into place whole.
 */
final class AotCache {
    private static final Logger LOG = LoggerFactory.getLogger(AotCache.class);
    private static final String DIRECTORY = ".jvm-aot-cache";
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(3);
    /** Task roots whose cache this process is making: one training per root, for all its functions. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

    private AotCache() {
    }

    /** The cache of the task root in {@code environment} (LAMBDA_TASK_ROOT) for JVMs with these options, made or not. */
    static Path file(List<String> jvmOptions, Map<String, String> environment) {
        StringBuilder key = new StringBuilder(Runtime.version().toString());
        Map<String, String> variables = new java.util.HashMap<>(environment);
        for (String option : ExecutionEnvironment.java(jvmOptions, variables)) {
            if (!option.startsWith("-XX:MaxRAM=")) key.append('\n').append(option);
        }
        return taskRoot(environment).resolve(DIRECTORY).resolve(TaskRoot.shortHash(key.toString()) + ".aot");
    }

    /**
     * Starts, in the background, the training that makes {@code cache} (a {@link #file}), unless it exists or
     * is being made; the training ends (and its processes with it) when the returned handle is closed.
     */
    static AutoCloseable trainIfMissing(Path cache, String functionName, String handler, List<String> jvmOptions,
                                        String classpath, Map<String, String> environment) {
        Path taskRoot = taskRoot(environment);
        if (Files.isRegularFile(cache) || !TRAINING.add(taskRoot)) return () -> { };
        Training training = new Training(functionName, handler, jvmOptions, classpath, environment, cache);
        Thread thread = Thread.ofVirtual().name("aot-training-" + functionName).start(() -> {
            try {
                training.run();
            } finally {
                TRAINING.remove(taskRoot);
            }
        });
        return () -> {
            training.cancel();
            thread.interrupt(); // if it waits for another process's training of the same root
            thread.join(Duration.ofSeconds(10));
        };
    }

    private static Path taskRoot(Map<String, String> environment) {
        return Path.of(environment.get("LAMBDA_TASK_ROOT"));
    }

    /** One training: record through init and priming, then create; its output goes to a log beside the cache. */
    private static final class Training {
        private final String functionName;
        private final String handler;
        private final List<String> jvmOptions;
        private final String classpath;
        private final Map<String, String> environment;
        private final Path cache;
        private volatile boolean cancelled;
        private volatile ExecutionEnvironment recording;
        private volatile ChildProcess creating;

        Training(String functionName, String handler, List<String> jvmOptions, String classpath,
                 Map<String, String> environment, Path cache) {
            this.functionName = functionName;
            this.handler = handler;
            this.jvmOptions = jvmOptions;
            this.classpath = classpath;
            this.environment = environment;
            this.cache = cache;
        }

        void run() {
            String unique = ProcessHandle.current().pid() + "-" + System.nanoTime();
            Path configuration = cache.resolveSibling(unique + ".aotconf");
            Path made = cache.resolveSibling(unique + ".aot.part");
            try {
                Files.createDirectories(cache.getParent());
                // one training of a root at a time on this machine: another process (a parallel test fork, the build's
                // AotCaches) may be making this cache; this one waits for it, and trains only if it made none
                try (FileChannel channel = FileChannel.open(cache.resolveSibling("training.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                    if (Files.isRegularFile(cache) || cancelled) return;
                    var log = ProcessBuilder.Redirect.appendTo(cache.resolveSibling("training.log").toFile());
                    if (!record(configuration, log) || cancelled) return;
                    if (!create(configuration, made, log) || cancelled) return;
                    Files.move(made, cache, StandardCopyOption.ATOMIC_MOVE);
                }
                LOG.debug("{}: AOT cache made for {}", functionName, taskRoot(environment).getFileName());
            } catch (ClosedByInterruptException e) {
                Thread.currentThread().interrupt(); // closed while waiting for another process's training
            } catch (IOException e) {
                LOG.warn("{}: no AOT cache ({}); environments start without one", functionName, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteQuietly(configuration);
                deleteQuietly(made);
            }
        }

        /** A JVM as an environment runs it, recording, stopped once it asks for work: init and priming are done. */
        private boolean record(Path configuration, ProcessBuilder.Redirect log) throws IOException {
            List<String> options = new ArrayList<>(jvmOptions);
            options.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration));
            recording = ExecutionEnvironment.start(functionName + "-aot-training", handler, options, classpath,
                    environment, log, null);
            if (cancelled || !recording.awaitInit(LocalFunction.INIT_TIMEOUT)) {
                recording.close();
                return false;
            }
            recording.stop(STOP_GRACE); // the record is written as the JVM exits
            return Files.isRegularFile(configuration);
        }

        /** The cache from the record, made by a JVM with the same options, so that the JDK accepts it. */
        private boolean create(Path configuration, Path made, ProcessBuilder.Redirect log) throws IOException, InterruptedException {
            Map<String, String> variables = new java.util.HashMap<>(environment);
            List<String> command = ExecutionEnvironment.java(jvmOptions, variables);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + made,
                    "-cp", classpath));
            creating = ChildProcess.start(command, variables, log, taskRoot(environment));
            try {
                Process exited = creating.onExit().get(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return exited.exitValue() == 0 && Files.isRegularFile(made);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            } finally {
                creating.close();
            }
        }

        void cancel() {
            cancelled = true;
            ExecutionEnvironment r = recording;
            if (r != null) r.close();
            ChildProcess c = creating;
            if (c != null) c.kill();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temporary file in the task root's cache directory, removed with the root
        }
    }

}
