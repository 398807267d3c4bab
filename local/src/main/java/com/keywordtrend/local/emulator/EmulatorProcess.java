package com.keywordtrend.local.emulator;

import com.keywordtrend.local.ChildProcess;
import com.keywordtrend.local.LocalRunnerException;
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

    /** Starts of an emulator on a port picked for it, when the port was taken before it could bind it. */
    static final int PICKED_PORT_TRIES = 3;

    @FunctionalInterface
    interface PortPicker {
        int pick() throws IOException;
    }

    @FunctionalInterface
    interface StartOn<E extends EmulatorProcess> {
        E start(int port) throws IOException;
    }

    /** The emulator exited at start because its port was taken. */
    static final class PortTaken extends LocalRunnerException {
        PortTaken(String message) {
            super(message);
        }
    }

    /**
     * {@code startOn} on ports from {@code picker}, until one is still free when the emulator binds it
     * ({@value #PICKED_PORT_TRIES} tries): a picked port is free when picked, not when the emulator binds
     * it, and any socket of this machine (another runner's, an outbound connection's) may take it meanwhile.
     */
    static <E extends EmulatorProcess> E startOnPickedPort(PortPicker picker, StartOn<E> startOn) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn.start(picker.pick());
            } catch (PortTaken e) {
                if (attempt >= PICKED_PORT_TRIES) throw new LocalRunnerException(e.getMessage());
            }
        }
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
