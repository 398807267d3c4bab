package com.keywordtrend.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code as Lambda lays it out: the deployment jar unpacked into a directory
 * (LAMBDA_TASK_ROOT), which the runtime interface client loads the handler from. Unpacked once
 * per jar version, under local/target/lambda/.
 */
final class TaskRoot {
    private TaskRoot() {
    }

    /**
     * The task root of {@code jar}, with the classes under each of {@code extraClasses} on top
     * (tests add fault-injecting handlers this way; Lambda never does).
     */
    static synchronized Path of(Path jar, List<Path> extraClasses, Path lambdaDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new LocalRunnerException(jar + " is missing: build it first ('mvn -q install -DskipTests')");
        }
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "") + (extraClasses.isEmpty() ? "" : "+test");
        Path root = lambdaDir.resolve(name);
        Path stamp = root.resolve(".unpacked-from");
        String version = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (!extraClasses.isEmpty() || !Files.exists(stamp) || !Files.readString(stamp).equals(version)) {
            deleteTree(root);
            unzip(jar, root);
            for (Path extra : extraClasses) copyTree(extra, root);
            Files.writeString(stamp, version);
        }
        return root;
    }

    private static void unzip(Path jar, Path root) throws IOException {
        Files.createDirectories(root);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) throw new IOException("jar entry outside the task root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                }
            }
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) throw new LocalRunnerException("no classes to add at " + from);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
