package com.keywordtrend.local.emulator;

import com.keywordtrend.local.ChildProcess;
import java.io.IOException;

/**
 * An emulator the runner starts as a child process (Dynoxide, S3Mock), on 127.0.0.1:{@code port}: what
 * every one of them does the same way once started. Freezing one (SIGSTOP) is how the fault tests make
 * its service unreachable: every call hangs until it is resumed.
 */
abstract class EmulatorProcess implements AutoCloseable {
    protected final ChildProcess process;
    private final int port;
    private volatile boolean closing;

    EmulatorProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Runs {@code action} if the emulator exits while the runner still needs it. */
    public void onUnexpectedExit(Runnable action) {
        process.onExit().thenRun(() -> {
            if (!closing) action.run();
        });
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Freezes the emulator (SIGSTOP): every call hangs until {@link #resume()}, as an unreachable service. */
    public void pause() throws IOException, InterruptedException {
        process.signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        process.signal("CONT");
    }

    @Override
    public void close() {
        closing = true;
        try {
            process.signal("CONT"); // a paused process cannot act on SIGTERM
        } catch (IOException | InterruptedException e) {
            // already gone
        }
        process.stop(5);
    }
}
