package com.keywordtrend.local.emulator;

import com.keywordtrend.local.ChildProcess;
import com.keywordtrend.local.LocalRunnerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 API on this machine: Adobe's S3Mock (Apache-2.0; com.adobe.testing:s3mock, its executable
 * jar copied to local/target/s3mock by the build, which also extracts it and makes its AOT cache:
 * {@link S3MockCache}), as a child JVM. It holds the objects in a
 * directory and creates the buckets it is given at start, as the template's stack would.
 */
public final class S3Emulator extends EmulatorProcess {
    static final String JAR = "local/target/s3mock/s3mock-exec.jar";

    private S3Emulator(ChildProcess process, int port) {
        super(process, port);
    }

    /**
     * Starts S3Mock on 127.0.0.1:{@code port} (0 picks a free one) with {@code buckets}, its objects under
     * {@code root}. A picked port is free when picked, not when S3Mock binds it seconds later (a JVM
     * starting Spring): any socket of this machine may take it meanwhile, an outbound connection's too,
     * so a start that finds it taken is tried again on another.
     */
    public static S3Emulator start(Path projectRoot, int port, Path root, List<String> buckets, Duration startupTimeout) throws IOException {
        Path jar = projectRoot.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new LocalRunnerException("S3Mock is not installed at " + jar + ": run 'mvn -q install -DskipTests' (it copies it there)");
        }
        List<String> launch = S3MockCache.launch(projectRoot);
        if (port != 0) return startOn(launch, Dynoxide.requireFree(port, "--s3-port"), root, buckets, startupTimeout);
        return start(launch, Dynoxide::freePort, root, buckets, startupTimeout);
    }

    /** On ports from {@code picker}, until one is still free when S3Mock binds it; {@code launch}: JVM options and jar. */
    static S3Emulator start(List<String> launch, PortPicker picker, Path root, List<String> buckets, Duration startupTimeout)
            throws IOException {
        return startOnPickedPort(picker, chosen -> startOn(launch, chosen, root, buckets, startupTimeout));
    }

    /** The java S3Mock runs on (and is extracted and trained with): the runner's own. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** S3Mock's arguments: on 127.0.0.1:{@code port}, its objects under {@code root}, with {@code buckets}. */
    static List<String> arguments(int port, Path root, List<String> buckets) {
        // its HTTPS connector on a port of its own choosing, on the loopback only; the SDK talks HTTP
        return List.of("--server.port=0", "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    private static S3Emulator startOn(List<String> launch, int chosen, Path root, List<String> buckets, Duration startupTimeout)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(launch);
        command.addAll(arguments(chosen, root, buckets));
        Path log = Files.createTempFile("s3mock-", ".log");
        log.toFile().deleteOnExit();
        ChildProcess process = ChildProcess.start(command, null, ProcessBuilder.Redirect.appendTo(log.toFile()), null);
        S3Emulator emulator = new S3Emulator(process, chosen);
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build()) {
            while (!emulator.answering(http)) {
                if (!process.isAlive()) {
                    String message = "S3Mock exited at start; its log: " + log;
                    throw Files.readString(log).contains("in use") ? new PortTaken(message) : new LocalRunnerException(message);
                }
                if (System.nanoTime() > deadline) {
                    emulator.close();
                    throw new LocalRunnerException("S3Mock did not start within " + startupTimeout.toSeconds() + " s; its log: " + log);
                }
                try {
                    Thread.sleep(100); // a JVM starting Spring: there is no event to wait for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalRunnerException("interrupted while starting S3Mock");
                }
            }
        }
        return emulator;
    }

    /** ListBuckets answers once the buckets exist. */
    private boolean answering(HttpClient http) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
