package com.keywordtrend.local.emulator;

import com.keywordtrend.local.ChildProcess;
import com.keywordtrend.local.LocalRunnerException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The DynamoDB-compatible emulator (npm package @dynoxide/linux-x64, pinned in local/package-lock.json), as a child process. */
public final class Dynoxide extends EmulatorProcess {
    static final String BINARY = "local/node_modules/@dynoxide/linux-x64/dynoxide";

    private Dynoxide(ChildProcess process, int port) {
        super(process, port);
    }

    /** The refusal of a directory given as the emulator's database (it is one file). */
    public static LocalRunnerException directoryAsDbPath(Path directory) {
        return new LocalRunnerException("--db-path names the emulator's database file, not a directory: try "
                + directory.resolve("keyword-trend.db"));
    }

    /** Starts the emulator on 127.0.0.1:{@code port} (0 picks a free one), in memory or on {@code dbPath}. */
    public static Dynoxide start(Path projectRoot, int port, Path dbPath, Duration startupTimeout) throws IOException {
        Path binary = projectRoot.resolve(BINARY);
        if (!Files.isExecutable(binary)) {
            throw new LocalRunnerException("Dynoxide is not installed at " + binary
                    + ": run 'mvn -q install -DskipTests' (its npm ci step installs it) or 'npm ci --prefix local'");
        }
        if (dbPath != null && Files.isDirectory(dbPath)) throw directoryAsDbPath(dbPath);
        if (dbPath != null && !Files.isDirectory(dbPath.toAbsolutePath().getParent())) {
            throw new LocalRunnerException("--db-path " + dbPath + ": the directory " + dbPath.toAbsolutePath().getParent()
                    + " does not exist; create it first");
        }
        if (port != 0) return startOn(binary, requireFree(port, "--dynamodb-port"), dbPath, startupTimeout);
        return startOnPickedPort(Dynoxide::freePort, chosen -> startOn(binary, chosen, dbPath, startupTimeout));
    }

    private static Dynoxide startOn(Path binary, int chosen, Path dbPath, Duration startupTimeout) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "serve", "--host", "127.0.0.1",
                "--port", Integer.toString(chosen)));
        if (dbPath != null) command.addAll(List.of("--db-path", dbPath.toAbsolutePath().toString()));
        // its output is kept so that a failed start can say why
        Path log = Files.createTempFile("dynoxide-", ".log");
        log.toFile().deleteOnExit();
        ChildProcess process = ChildProcess.start(command, null, ProcessBuilder.Redirect.appendTo(log.toFile()), null);
        Dynoxide dynoxide = new Dynoxide(process, chosen);
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        // ready when it says it listens: a connection alone could reach whatever else holds the port
        while (!Files.readString(log).contains(LISTENING)) {
            if (!process.isAlive()) {
                String reason = lastLine(log);
                if (reason.contains("already in use")) throw new PortTaken("Dynoxide exited at start: " + reason);
                throw new LocalRunnerException("Dynoxide exited at start: " + reason);
            }
            if (System.nanoTime() > deadline) {
                dynoxide.close();
                throw new LocalRunnerException("Dynoxide did not start within " + startupTimeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20); // waiting on another process's output: there is no event to wait for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalRunnerException("interrupted while starting Dynoxide");
            }
        }
        return dynoxide;
    }

    /** What Dynoxide prints once it listens ("Dynoxide listening on http://127.0.0.1:PORT"). */
    private static final String LISTENING = "listening on";

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(it printed nothing)" : lines.getLast().strip();
        } catch (IOException e) {
            return "(its output could not be read)";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The port, or a one-line error naming the option that changes it. */
    public static int requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException e) {
            throw new LocalRunnerException("Port " + port + " is in use: stop what holds it or pass " + option + " <port>");
        }
    }
}
