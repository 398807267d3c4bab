package com.keywordtrend.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process the runner starts (the emulator, a function's JVM) that cannot outlive the runner, even
 * when the runner is killed with SIGKILL and runs no shutdown hook. It is started under a small
 * shell "lifeline" that holds a pipe from the runner: when the runner dies, the kernel closes the
 * pipe, the shell reads end-of-file and kills the process. Linux has no portable parent-death
 * signal a JVM can set for its children; this needs only {@code sh}.
 */
public final class ChildProcess implements AutoCloseable {
    /**
     * Prints the child's pid and waits for it (so that it is reaped, and the shell ends with it); a
     * watcher kills the child when the pipe from the runner closes. The child's output goes to stderr.
     */
    private static final String LIFELINE = String.join("\n",
            // the shell's own stderr goes nowhere (it reports a child killed by a signal as a bare "Killed");
            // the child writes to the original stderr, kept as fd 4
            "exec 3<&0 4>&2 2>/dev/null",
            "\"$@\" <&- 3<&- 1>&4 2>&4 4>&- & child=$!",
            "echo $child",
            "(read _ <&3; kill -9 $child 2>/dev/null) 4>&- & watcher=$!",
            "exec 3<&- 4>&-",
            "wait $child; status=$?",
            "kill $watcher 2>/dev/null",
            "exit $status");

    private final Process lifeline;
    private final ProcessHandle child;
    private final OutputStream pipe;

    private ChildProcess(Process lifeline, ProcessHandle child) {
        this.lifeline = lifeline;
        this.child = child;
        this.pipe = lifeline.getOutputStream();
        // the lifeline shell ends when the child does, and the JVM is told of its own child's exit at once
        lifeline.onExit().thenRun(this::closePipe);
    }

    /**
     * Starts {@code command} in {@code workDir} with exactly {@code environment} (null: the runner's own),
     * its output (stdout and stderr) sent to {@code output}.
     */
    public static ChildProcess start(List<String> command, Map<String, String> environment, ProcessBuilder.Redirect output,
                              Path workDir) throws IOException {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", LIFELINE, "lifeline"));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped).redirectError(output);
        if (workDir != null) builder.directory(workDir.toFile());
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process lifeline = builder.start();
        String pid = new BufferedReader(new InputStreamReader(lifeline.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (pid == null) throw new IOException("could not start " + command.getFirst());
        ProcessHandle child = ProcessHandle.of(Long.parseLong(pid.trim()))
                .orElseThrow(() -> new IOException(command.getFirst() + " exited at once"));
        return new ChildProcess(lifeline, child);
    }

    public long pid() {
        return child.pid();
    }

    public boolean isAlive() {
        return lifeline.isAlive() && child.isAlive();
    }

    /** Completes when the child has exited (and was reaped by its lifeline). */
    public CompletableFuture<Process> onExit() {
        return lifeline.onExit();
    }

    /** SIGKILL, as Lambda ends an environment that timed out. */
    public void kill() {
        child.destroyForcibly();
        closePipe();
    }

    /** SIGSTOP / SIGCONT: freezes the process (a paused emulator, for fault tests). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + child.pid() + " failed");
        }
    }

    private void closePipe() {
        try {
            pipe.close();
        } catch (IOException e) {
            // the lifeline is already gone
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    public void stop(long graceSeconds) {
        child.destroy();
        try {
            lifeline.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            child.destroyForcibly();
        }
        closePipe();
        try {
            lifeline.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(5);
    }
}
