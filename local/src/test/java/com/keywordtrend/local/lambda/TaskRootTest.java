package com.keywordtrend.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task root is removed, once a later build's root is unpacked, only when no runner holds it: a
 * runner of another process (a parallel test fork, a local/run.sh left running) or of this one.
 */
class TaskRootTest {
    @TempDir
    Path dir;

    @Test
    void an_old_root_held_by_another_process_is_kept_and_removed_once_that_process_lets_go() throws Exception {
        Path jar = jar("first");
        Path lambdaDir = dir.resolve("lambda");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TaskRootHolder.class.getName(), jar.toString(), lambdaDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            Path first = Path.of(out.readLine().replaceFirst("^held ", ""));
            age(first);

            try (TaskRoot.Held second = TaskRoot.hold(rebuilt(jar, "second"), List.of(), lambdaDir)) {
                assertTrue(Files.isRegularFile(first.resolve("content.txt")), "another process's runner still holds it");
                holder.getOutputStream().close(); // the holder lets go and exits
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, holder.exitValue());
                try (TaskRoot.Held third = TaskRoot.hold(rebuilt(jar, "third"), List.of(), lambdaDir)) {
                    assertFalse(Files.exists(first), "nobody holds it now: removed");
                    assertTrue(Files.isRegularFile(second.path().resolve("content.txt")), "unpacked minutes ago: kept");
                    assertEquals("third", Files.readString(third.path().resolve("content.txt")));
                }
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void an_old_root_held_by_a_runner_of_this_process_is_kept_and_one_nobody_holds_is_removed() throws Exception {
        Path jar = jar("first");
        Path lambdaDir = dir.resolve("lambda");
        Path first;
        try (TaskRoot.Held held = TaskRoot.hold(jar, List.of(), lambdaDir);
             TaskRoot.Held again = TaskRoot.hold(jar, List.of(), lambdaDir)) {
            first = held.path();
            assertEquals(first, again.path(), "one version, one root");
            age(first);
            again.close(); // one of its two runners stops
            try (TaskRoot.Held second = TaskRoot.hold(rebuilt(jar, "second"), List.of(), lambdaDir)) {
                assertTrue(Files.isRegularFile(first.resolve("content.txt")), "a runner here still holds it");
            }
        }
        try (TaskRoot.Held third = TaskRoot.hold(rebuilt(jar, "third"), List.of(), lambdaDir)) {
            assertFalse(Files.exists(first), "released by both its runners: removed");
        }
        try (var left = Files.list(lambdaDir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".removing-")
                    || p.getFileName().toString().contains(".unpacking-")), "nothing half-removed or half-unpacked is left");
        }
    }

    @Test
    void the_classpath_jars_hold_what_the_root_holds_the_added_classes_first_and_replacing_the_jars() throws Exception {
        Path jar = jar("from the jar");
        Path added = Files.createDirectories(dir.resolve("added/com/example"));
        Files.writeString(added.resolve("Added.txt"), "added");
        Path replacing = Files.createDirectories(dir.resolve("replacing"));
        Files.writeString(replacing.resolve("content.txt"), "replaced");
        try (TaskRoot.Held held = TaskRoot.hold(jar, List.of(dir.resolve("added"), replacing), dir.resolve("lambda"))) {
            List<Path> jars = java.util.Arrays.stream(TaskRoot.classpathJars(held.path()).split(java.io.File.pathSeparator)).map(Path::of).toList();
            assertEquals(2, jars.size(), jars.toString());
            try (var addedJar = new java.util.zip.ZipFile(jars.get(0).toFile()); var functionJar = new java.util.zip.ZipFile(jars.get(1).toFile())) {
                assertEquals("replaced", new String(addedJar.getInputStream(addedJar.getEntry("content.txt")).readAllBytes(), StandardCharsets.UTF_8));
                assertEquals("added", new String(addedJar.getInputStream(addedJar.getEntry("com/example/Added.txt")).readAllBytes(), StandardCharsets.UTF_8));
                assertEquals("from the jar", new String(functionJar.getInputStream(functionJar.getEntry("content.txt")).readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("replaced", Files.readString(held.path().resolve("content.txt")), "the root itself as the classpath has it");
        }
        try (TaskRoot.Held plain = TaskRoot.hold(jar, List.of(), dir.resolve("lambda"))) {
            assertFalse(TaskRoot.classpathJars(plain.path()).contains(java.io.File.pathSeparator), "the jar alone: nothing added");
        }
    }

    /** A stand-in for a runner in another process: holds the jar's root until its stdin closes. */
    static final class TaskRootHolder {
        public static void main(String[] args) throws Exception {
            try (TaskRoot.Held held = TaskRoot.hold(Path.of(args[0]), List.of(), Path.of(args[1]))) {
                System.out.println("held " + held.path());
                System.out.flush();
                while (System.in.read() != -1) {
                    // held until the test closes our stdin
                }
            }
        }
    }

    private Path jar(String content) throws Exception {
        Path jar = dir.resolve("function.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("content.txt"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    /** The jar built again: another version, as a later build's. */
    private Path rebuilt(Path jar, String content) throws Exception {
        jar(content);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(content.length())));
        return jar;
    }

    /** Makes a root look unpacked an hour ago, old enough to remove. */
    private static void age(Path root) throws Exception {
        Files.setLastModifiedTime(root.resolve(".unpacked-from"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }
}
