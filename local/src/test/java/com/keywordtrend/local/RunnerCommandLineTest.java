package com.keywordtrend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.auth.LocalAuthorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's commands as a newcomer types them (local/run.sh, local/token.sh): a mistake is answered
 * in one line that says what was expected, never a stack trace, and nothing starts.
 */
class RunnerCommandLineTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** What a command printed (stdout and stderr together) and its exit status. */
    record Ran(int status, String output) {
    }

    static Ran run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after 90 s: " + String.join(" ", command));
        }
        return new Ran(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Ran runner(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "local/run.sh"));
        command.addAll(List.of(options));
        return run(ROOT, Map.of("SKIP_BUILD", "1"), command.toArray(String[]::new));
    }

    @Test
    void run_sh_help_on_a_fresh_checkout_prints_the_usage_and_builds_nothing(@TempDir Path checkout) throws Exception {
        for (String file : List.of("local/run.sh", "local/use-jdk25.sh", "local/src/main/resources/usage.txt")) {
            Files.createDirectories(checkout.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), checkout.resolve(file));
        }
        // a Maven that would leave a mark: the fresh checkout has no build, and --help must not start one
        Path bin = Files.createDirectories(checkout.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\ntouch \"$(dirname \"$0\")/../maven-ran\"\nexit 1\n");
        bin.resolve("mvn").toFile().setExecutable(true);
        Ran help = run(checkout, Map.of("PATH", bin + ":" + System.getenv("PATH")), "bash", "local/run.sh", "--help");
        assertEquals(0, help.status(), help.output());
        assertTrue(help.output().startsWith("usage: local/run.sh"), help.output());
        assertTrue(help.output().contains("--no-iam"), help.output());
        assertFalse(Files.exists(checkout.resolve("maven-ran")), "--help ran Maven");
    }

    @Test
    void a_port_that_is_not_a_number_is_named_in_one_line() throws Exception {
        Ran ran = runner("--port", "abc");
        assertEquals(2, ran.status(), ran.output());
        assertEquals("keyword-trend local: --port takes a port number (1 to 65535), not 'abc'", ran.output().strip());
        Ran environments = runner("--offline", "--max-environments", "many");
        assertEquals("keyword-trend local: --max-environments takes a whole number from 1 to 9999, not 'many'", environments.output().strip());
    }

    @Test
    void a_db_path_naming_a_directory_is_refused_before_anything_starts(@TempDir Path data) throws Exception {
        for (String path : List.of(data + "/", data.toString())) {
            Ran ran = runner("--offline", "--db-path", path);
            assertEquals(2, ran.status(), ran.output());
            assertEquals("keyword-trend local: --db-path names the emulator's database file, not a directory: try "
                    + data.resolve("keyword-trend.db"), ran.output().strip());
        }
        try (var left = Files.list(data)) {
            assertEquals(0, left.count(), "nothing was created");
        }
        LocalRunnerException programmatic = assertThrows(LocalRunnerException.class,
                () -> LocalRunner.start(new LocalRunner.Options().projectRoot(ROOT).apiPort(0).parameter("SourcesOffline", "true").dbPath(data)));
        assertEquals("--db-path names the emulator's database file, not a directory: try " + data.resolve("keyword-trend.db"),
                programmatic.getMessage());
    }

    @Test
    void token_sh_with_a_lifetime_that_is_not_a_number_says_so_without_a_stack_trace() throws Exception {
        Ran ran = run(ROOT, Map.of(), "bash", "local/token.sh", "alice", "abc");
        assertEquals(2, ran.status(), ran.output());
        assertEquals("local/token.sh: LIFETIME_SECONDS must be a whole number of seconds (1 to 999999999), not 'abc'", ran.output().strip());
    }

    @Test
    void a_token_expired_a_second_ago_is_refused_as_api_gateway_refuses_it(@TempDir Path project) throws Exception {
        LocalAuthorizer authorizer = LocalAuthorizer.forProject(project);
        String expired = authorizer.token("alice", Duration.ofSeconds(-1));
        LocalAuthorizer.Unauthorized refused = assertThrows(LocalAuthorizer.Unauthorized.class, () -> authorizer.claims("Bearer " + expired));
        assertEquals("The incoming token has expired", refused.getMessage());
        assertEquals("alice", authorizer.claims("Bearer " + authorizer.token("alice", Duration.ofSeconds(60))).get("sub"));
    }

    @Test
    void a_process_the_runner_kills_leaves_no_bare_killed_line_on_the_terminal(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("output.log");
        ChildProcess child = ChildProcess.start(List.of("sh", "-c", "echo started; exec sleep 30"), null,
                ProcessBuilder.Redirect.appendTo(output.toFile()), null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(output).contains("started"));
        child.kill();
        child.onExit().get(10, TimeUnit.SECONDS);
        assertEquals("started\n", Files.readString(output), "the child's own output, and nothing of its shell");
    }
}
