package com.keywordtrend.local.emulator;

import com.keywordtrend.local.ChildProcess;
import com.keywordtrend.local.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Mock made quick to start, by the build (local/pom.xml runs {@link #main} once S3Mock's jar is copied):
 * its executable jar extracted (Spring Boot's {@code -Djarmode=tools extract}: the application jar and its
 * libraries as plain jars, which the JDK can cache, where the executable jar's nested jars need Spring's own
 * class loader), and a JDK AOT cache (JEP 514) of one start of it. Alone on 2 cores a start then takes 1.5 s
 * and 2.4 CPU-s instead of 4.1 s and 5.4 CPU-s; beside busy test JVMs it took long enough for a function's
 * first call to the bucket to time out. Each is redone only when S3Mock's jar is newer; without them S3Mock
 * starts from its executable jar as before.
 */
public final class S3MockCache {
    static final String EXTRACTED_JAR = "local/target/s3mock/extracted/s3mock-exec.jar";
    static final String CACHE = "local/target/s3mock/s3mock.aot";
    /** The options of every S3Mock JVM: the JDK uses a cache only in a JVM with the options it was made with. */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xmx256m");

    private S3MockCache() {
    }

    /** Extracts S3Mock's jar and makes its cache, each unless newer than the jar. Argument: the project root. */
    public static void main(String[] args) throws Exception {
        Path projectRoot = Path.of(args[0]).toAbsolutePath().normalize();
        Path jar = projectRoot.resolve(S3Emulator.JAR);
        Path extracted = projectRoot.resolve(EXTRACTED_JAR);
        Path cache = projectRoot.resolve(CACHE);
        if (!newer(extracted, jar)) {
            run(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                    extracted.getParent().toString()), projectRoot, "extract");
        }
        if (!newer(cache, extracted)) {
            Path store = Files.createTempDirectory("s3mock-training-");
            Path made = cache.resolveSibling(cache.getFileName() + ".part");
            List<String> command = new ArrayList<>(JVM_OPTIONS);
            // one start, to the end of Spring's refresh (its buckets made), then exit: the JVM writes the cache as it exits
            command.addAll(List.of("-XX:AOTCacheOutput=" + made, "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()));
            command.addAll(S3Emulator.arguments(0, store, List.of("training")));
            run(command, projectRoot, "AOT cache");
            Files.move(made, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.delete(store);
        }
        System.out.println("S3Mock: extracted, with its AOT cache (" + projectRoot.relativize(cache) + ")");
    }

    /** The JVM options and jar S3Mock starts from: the extracted jar and its cache when the build made them. */
    static List<String> launch(Path projectRoot) {
        List<String> command = new ArrayList<>(JVM_OPTIONS);
        Path extracted = projectRoot.resolve(EXTRACTED_JAR);
        Path cache = projectRoot.resolve(CACHE);
        if (newer(cache, extracted) && newer(extracted, projectRoot.resolve(S3Emulator.JAR))) {
            command.addAll(List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString()));
        } else {
            command.addAll(List.of("-jar", projectRoot.resolve(S3Emulator.JAR).toString()));
        }
        return command;
    }

    /** True when {@code file} exists and was written after {@code than}. */
    private static boolean newer(Path file, Path than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> arguments, Path projectRoot, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(S3Emulator.java());
        command.addAll(arguments);
        Path log = Files.createTempFile("s3mock-" + what.replace(' ', '-') + "-", ".log");
        try (ChildProcess process = ChildProcess.start(command, null, ProcessBuilder.Redirect.appendTo(log.toFile()), projectRoot)) {
            if (process.onExit().get(5, TimeUnit.MINUTES).exitValue() == 0) {
                Files.delete(log);
                return;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported below
        }
        throw new IOException("S3Mock " + what + " failed; its log: " + log);
    }
}
