package com.keywordtrend.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.LocalRunnerException;
import com.keywordtrend.local.lambda.ExecutionEnvironment;
import com.keywordtrend.local.lambda.LocalFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's execution environments as Lambda gives them: separate processes, Lambda's
 * environment and credentials, settings passed through, no process left behind, stream positions
 * kept across a restart.
 */
class RunnerProcessesTest {

    /** The environment a process was started with, from /proc. */
    static Map<String, String> environmentOf(long pid) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (String entry : Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    @Test
    void snapstart_functions_reach_the_emulator_with_container_credentials_only() throws Exception {
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("RunnerProcessesTest-credentials"))) {
            ApiClient api = new ApiClient(runner.apiBase());
            String id = api.start("/orchestrate", "{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\"}");
            assertEquals("COMPLETED", api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60)).path("status").asText());
            assertTrue(runner.credentialsServed() > 0, "the functions asked the container credentials endpoint");
            for (String function : List.of("OrchestrateFunction", "OrchestrateProcessorFunction")) {
                long pid = runner.function(function).orElseThrow().environmentPids().getFirst();
                Map<String, String> env = environmentOf(pid);
                assertTrue(env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"), function);
                assertTrue(env.containsKey("AWS_CONTAINER_AUTHORIZATION_TOKEN"), function);
                assertFalse(env.containsKey("AWS_ACCESS_KEY_ID"), function + " must not get access keys under SnapStart");
                assertEquals(function, env.get("AWS_LAMBDA_FUNCTION_NAME"));
                assertEquals("snap-start", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
                assertTrue(env.get("AWS_LAMBDA_RUNTIME_API").startsWith("127.0.0.1:"));
                assertEquals("JobsTable", env.get("JOBS_TABLE_NAME"));
                assertTrue(ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("")
                        .contains(ExecutionEnvironment.RIC_MAIN), "started through the runtime interface client");
            }
        }
    }

    @Test
    void functions_get_the_runners_source_settings_and_nothing_else_of_its_environment() throws Exception {
        Map<String, String> runnerEnv = Map.of("DATAMUSE_URL", "http://127.0.0.1:9/datamuse", "TRENDS_GDELT", "true",
                "KEYWORDS_MAX", "40", "SECRET_TOKEN", "never-passed", "HOME", "/root");
        // prewarmed, as run.sh does: the processor's environment exists before anything invokes it
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("RunnerProcessesTest-settings")
                .runnerEnvironment(runnerEnv).prewarm(true))) {
            LocalFunction processor = runner.function("TrendsProcessorFunction").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> !processor.environmentPids().isEmpty());
            Map<String, String> env = environmentOf(processor.environmentPids().getFirst());
            assertEquals("http://127.0.0.1:9/datamuse", env.get("DATAMUSE_URL"));
            assertEquals("true", env.get("TRENDS_GDELT"), "the runner's setting wins over the template's");
            assertEquals("40", env.get("KEYWORDS_MAX"));
            assertFalse(env.containsKey("SECRET_TOKEN"));
            assertFalse(env.containsKey("HOME"));
        }
    }

    @Test
    void runner_killed_with_sigkill_leaves_no_process_behind() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String classpath = root.resolve("local/target/classes") + ":" + Files.readString(root.resolve("local/target/classpath.txt")).trim();
        Process runner = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp", classpath,
                LocalRunner.class.getName(), "--port", "0", "--offline", "--project", root.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(runner.getErrorStream(), StandardCharsets.UTF_8))) {
            Pattern ready = Pattern.compile("API on (http://127\\.0\\.0\\.1:\\d+)");
            String base = null;
            for (String line; base == null && (line = err.readLine()) != null; ) {
                Matcher m = ready.matcher(line);
                if (m.find()) base = m.group(1);
            }
            assertTrue(base != null, "the runner started");
            // what the runner says from here on is kept (and its pipe drained), to name the cause if a reply fails
            StringBuffer said = new StringBuffer();
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = err.readLine()) != null; ) said.append(line).append('\n');
                } catch (IOException e) {
                    // the runner is gone, or the test closed the pipe
                }
            });
            ApiClient api = new ApiClient(java.net.URI.create(base));
            try {
                String id = api.start("/orchestrate", "{\"industry\":\"healthcare\",\"usp\":\"AI\"}");
                api.awaitFinal("/orchestrate", id, Duration.ofSeconds(60));
            } catch (IOException e) {
                throw new AssertionError("the runner's reply failed (" + e.getMessage() + "); it said:\n" + said, e);
            }
            List<ProcessHandle> children = runner.descendants().toList();
            assertTrue(children.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("dynoxide")));
            assertTrue(children.stream().anyMatch(p -> p.info().commandLine().orElse("").contains(ExecutionEnvironment.RIC_MAIN)));

            runner.destroyForcibly(); // SIGKILL: no shutdown hook runs
            runner.waitFor();
            await().atMost(Duration.ofSeconds(15)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            runner.destroyForcibly();
        }
    }

    @Test
    void restart_on_the_same_db_path_resumes_the_streams_where_they_were(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("jobs.db");
        String before;
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("RunnerProcessesTest-restart").dbPath(db))) {
            ApiClient api = new ApiClient(runner.apiBase());
            before = api.start("/orchestrate", "{\"industry\":\"healthcare\",\"usp\":\"AI\"}");
            assertEquals("COMPLETED", api.awaitFinal("/orchestrate", before, Duration.ofSeconds(60)).path("status").asText());
        }
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("RunnerProcessesTest-restart").dbPath(db))) {
            ApiClient api = new ApiClient(runner.apiBase());
            assertEquals("COMPLETED", api.poll("/orchestrate", before).path("status").asText(), "the data survived");
            String after = api.start("/orchestrate", "{\"industry\":\"retail\",\"usp\":\"same-day delivery\"}");
            assertEquals("COMPLETED", api.awaitFinal("/orchestrate", after, Duration.ofSeconds(60)).path("status").asText());
            StringBuilder delivered = new StringBuilder();
            runner.function("OrchestrateProcessorFunction").orElseThrow().events().forEach(delivered::append);
            assertTrue(delivered.toString().contains(after));
            assertFalse(delivered.toString().contains(before), "the record read before the restart is not delivered again");
        }
    }

    @Test
    void db_path_in_a_missing_directory_is_a_clear_error_before_anything_starts(@TempDir Path dir) throws Exception {
        LocalRunnerException error = org.junit.jupiter.api.Assertions.assertThrows(LocalRunnerException.class,
                () -> LocalRunner.start(TestRunners.options("RunnerProcessesTest-dbpath").dbPath(dir.resolve("missing/jobs.db"))));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void emulator_that_dies_stops_the_runner_with_one_clear_reason() throws Exception {
        // prewarmed, as run.sh does: the processor's environment is up without an invocation
        LocalRunner runner = LocalRunner.start(TestRunners.options("RunnerProcessesTest-emulator").prewarm(true));
        try {
            LocalFunction processor = runner.function("OrchestrateProcessorFunction").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> !processor.environmentPids().isEmpty());
            List<Long> functions = processor.environmentPids();
            ProcessHandle.of(runner.dynoxide().orElseThrow().pid()).orElseThrow().destroyForcibly();
            String reason = runner.stopped().get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(reason.contains("exited unexpectedly"), reason);
            await().atMost(Duration.ofSeconds(15)).until(() -> functions.stream().noneMatch(
                    pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            runner.close();
        }
    }
}
