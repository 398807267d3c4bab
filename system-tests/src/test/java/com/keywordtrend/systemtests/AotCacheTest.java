package com.keywordtrend.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.lambda.TaskRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Function JVMs from a JDK AOT cache: the first environment of a task root has a training JVM make
 * one, later environments start from it (the function's classes on their classpath, so that it holds
 * them too), and nothing of a training outlives its runner. Each test has
 * a task root of its own (a marker file added to the API jar's), so that it sees the cache made.
 */
class AotCacheTest {
    private static final Duration TRAINING = Duration.ofSeconds(90);

    @Test
    void later_environments_start_from_the_cache_the_first_environment_of_their_task_root_made(@TempDir Path marker)
            throws Exception {
        Path log = Path.of("target/function-logs/AotCacheTest.log");
        long logBefore = Files.exists(log) ? Files.size(log) : 0; // the log is appended to, run after run
        LocalRunner.Options options = TestRunners.options("AotCacheTest").extraClasses(markedClasses(marker));
        Path cacheDirectory;
        try (LocalRunner runner = LocalRunner.start(options)) {
            LocalFunction first = started(runner, "OrchestrateFunction");
            assertFalse(commandLine(first).contains("-XX:AOTCache="), "no cache yet: " + commandLine(first));
            cacheDirectory = taskRoot(first).resolve(".jvm-aot-cache");
            await().atMost(TRAINING).until(() -> !files(cacheDirectory, ".aot").isEmpty());

            LocalFunction later = started(runner, "TrendsFunction"); // the same jar: the same task root
            Path cache = files(cacheDirectory, ".aot").getFirst();
            assertTrue(commandLine(later).contains("-XX:AOTCache=" + cache), commandLine(later));
            // the function's classes are the JVM's own, from the root's jars, so that the cache can hold them
            assertTrue(commandLine(later).contains(TaskRoot.classpathJars(taskRoot(later))), commandLine(later));
            var reply = new ApiClient(runner.apiBase()).post("/trends", "{\"industry\":\"\"}");
            assertEquals(400, reply.statusCode(), "a JVM from the cache answers as any: " + reply.body());
            System.out.printf("AOT init: first environment %s ms, from the cache %s ms%n", first.initMillis(), later.initMillis());
        }
        try (LocalRunner runner = LocalRunner.start(options.aotCache(false))) {
            LocalFunction off = started(runner, "OrchestrateFunction");
            assertFalse(commandLine(off).contains("-XX:AOTCache="), "turned off: " + commandLine(off));
            assertFalse(commandLine(off).contains(TaskRoot.classpathJars(taskRoot(off))), "loaded from the task root alone, as in Lambda");
        }
        byte[] written = Files.readAllBytes(log);
        String output = new String(written, (int) logBefore, written.length - (int) logBefore, java.nio.charset.StandardCharsets.UTF_8);
        // the JVM pads a tag set to a column: "[aot                ]", "[aot,codecache,stubs]"
        assertFalse(java.util.regex.Pattern.compile("\\]\\[(aot|cds)[ ,\\]]").matcher(output).find(), "the JVMs say nothing of their cache");
        assertEquals(List.of(), files(cacheDirectory, ".part"), "no half-made cache left");
    }

    @Test
    void a_runner_closed_while_a_cache_is_being_made_leaves_no_process_and_no_partial_file(@TempDir Path marker) throws Exception {
        Path cacheDirectory;
        List<ProcessHandle> training;
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("AotCacheTest-closed").extraClasses(markedClasses(marker)))) {
            LocalFunction function = started(runner, "OrchestrateFunction");
            cacheDirectory = taskRoot(function).resolve(".jvm-aot-cache");
            await().atMost(Duration.ofSeconds(30)).until(() -> !trainingProcesses().isEmpty());
            training = trainingProcesses();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> training.stream().noneMatch(ProcessHandle::isAlive));
        assertEquals(List.of(), files(cacheDirectory, ".part"));
        assertEquals(List.of(), files(cacheDirectory, ".aotconf"));
    }

    /** Classes to add to the task roots: none, but a file that makes them a version of their own. */
    private static Path markedClasses(Path directory) throws IOException {
        Files.writeString(directory.resolve("aot-cache-test-" + UUID.randomUUID() + ".txt"), "a task root of this test's own");
        return directory;
    }

    /** The function, with one environment started and initialised. */
    private static LocalFunction started(LocalRunner runner, String id) {
        LocalFunction function = runner.function(id).orElseThrow();
        function.prewarm();
        await().atMost(Duration.ofSeconds(60)).until(() -> !function.initMillis().isEmpty());
        return function;
    }

    private static String commandLine(LocalFunction function) {
        long pid = function.environmentPids().getFirst();
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }

    private static Path taskRoot(LocalFunction function) throws Exception {
        return Path.of(RunnerProcessesTest.environmentOf(function.environmentPids().getFirst()).get("LAMBDA_TASK_ROOT"));
    }

    /** This JVM's descendants recording or making a cache. */
    private static List<ProcessHandle> trainingProcesses() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("-XX:AOTMode=")).toList();
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) return List.of();
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
