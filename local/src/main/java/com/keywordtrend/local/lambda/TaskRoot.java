package com.keywordtrend.local.lambda;

import com.keywordtrend.local.FileTrees;
import com.keywordtrend.local.LocalRunnerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code as Lambda lays it out: the deployment jar unpacked into a directory
 * (LAMBDA_TASK_ROOT), which the runtime interface client loads the handler from. Unpacked once
 * per version of the jar (and of the classes added to it), under local/target/lambda/: a root is
 * never changed, so runners in other processes (parallel test forks) may share it. A runner holds
 * its roots while it runs (a shared lock on {@value #IN_USE}); an older version is removed only
 * when no runner, in this process or another, holds it.
 */
public final class TaskRoot {
    private static final String STAMP = ".unpacked-from";
    private static final String IN_USE = ".in-use";
    /**
     * The root's code again as jars, beside it: an AOT cache holds only classes the JDK's own loaders took from
     * jars, not those the runtime's loader reads from the root, so a runner with a cache puts these on the JVM's
     * classpath ({@link #classpathJars}). The layout is part of a root's version.
     */
    private static final String FUNCTION_JAR = ".function.jar";
    private static final String ADDED_CLASSES_JAR = ".added-classes.jar";
    private static final String LAYOUT = "layout: the unpacked jar, its added classes, both as jars too";
    /** Written by the build: the runtime interface client and what it needs, the classpath of every function JVM. */
    static final String RUNTIME_CLASSPATH = "local/target/lambda-runtime-classpath.txt";
    /** The roots this process holds, each locked once: a second channel on the same file could release the lock. */
    private static final Map<Path, Holding> HELD = new HashMap<>();

    private TaskRoot() {
    }

    /** A task root held by a runner: closing it lets a later build's runner remove it once it is old. */
    public static final class Held implements AutoCloseable {
        private final Path path;
        private boolean closed;

        private Held(Path path) {
            this.path = path;
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() {
            synchronized (TaskRoot.class) {
                if (closed) return;
                closed = true;
                Holding holding = HELD.get(path);
                if (--holding.holders == 0) {
                    HELD.remove(path);
                    holding.release();
                }
            }
        }
    }

    /** This process's lock on a root and how many of its runners hold it. */
    private static final class Holding {
        final FileChannel channel;
        final FileLock lock;
        int holders;

        Holding(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        void release() {
            try (channel) {
                lock.release();
            } catch (IOException e) {
                // the lock goes with the channel anyway
            }
        }
    }

    /**
     * The task root of {@code jar}, with the classes under each of {@code extraClasses} on top
     * (tests add fault-injecting handlers this way; Lambda never does), held until the result is closed.
     */
    public static synchronized Held hold(Path jar, List<Path> extraClasses, Path lambdaDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new LocalRunnerException(jar + " is missing: build it first ('mvn -q install -DskipTests')");
        }
        StringBuilder version = new StringBuilder(LAYOUT).append('\n').append(fileVersion(jar));
        for (Path extra : extraClasses) version.append('\n').append(treeVersion(extra));
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "") + (extraClasses.isEmpty() ? "" : "+test");
        Path root = lambdaDir.resolve(name + "-" + shortHash(version.toString()));
        for (int attempt = 1; ; attempt++) {
            Held held = tryHold(root);
            if (held != null) return held;
            if (attempt == 3) throw new IOException(root + " was removed each time it was unpacked");
            unpack(jar, extraClasses, version.toString(), lambdaDir, name, root);
        }
    }

    /** Holds {@code root} if it is unpacked whole; null if it is not (never unpacked, or being removed). */
    private static Held tryHold(Path root) throws IOException {
        Holding holding = HELD.get(root);
        if (holding == null) {
            if (!Files.isRegularFile(root.resolve(STAMP))) return null;
            FileChannel channel;
            try {
                // created here for a root unpacked before roots were held
                channel = FileChannel.open(root.resolve(IN_USE), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            } catch (NoSuchFileException e) {
                return null; // moved away for removal meanwhile
            }
            FileLock lock;
            try {
                lock = channel.lock(0, Long.MAX_VALUE, true); // waits only while a remover holds it, briefly
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            holding = new Holding(channel, lock);
            // a remover moves the root away before it lets go of the lock: still here means still whole
            if (!Files.isRegularFile(root.resolve(STAMP))) {
                holding.release();
                return null;
            }
            HELD.put(root, holding);
        }
        holding.holders++;
        return new Held(root);
    }

    private static void unpack(Path jar, List<Path> extraClasses, String version, Path lambdaDir, String name, Path root) throws IOException {
        // unpacked beside it, then renamed into place at once: a reader never sees half a root
        Files.createDirectories(lambdaDir);
        Path unpacking = Files.createTempDirectory(lambdaDir, name + ".unpacking-");
        try {
            unzip(jar, unpacking);
            for (Path extra : extraClasses) copyTree(extra, unpacking);
            Files.copy(jar, unpacking.resolve(FUNCTION_JAR));
            if (!extraClasses.isEmpty()) zip(extraClasses, unpacking.resolve(ADDED_CLASSES_JAR));
            Files.createFile(unpacking.resolve(IN_USE));
            Files.writeString(unpacking.resolve(STAMP), version);
            Files.move(unpacking, root, StandardCopyOption.ATOMIC_MOVE);
            removeOlderVersions(lambdaDir, name, root);
        } catch (IOException e) {
            if (!Files.isRegularFile(root.resolve(STAMP))) throw e; // not another runner's root arriving first
        } finally {
            FileTrees.delete(unpacking);
        }
    }

    /**
     * The roots of earlier builds of the same jar that no runner holds, unpacked more than
     * {@link #KEEP_OLDER} ago: each is a few hundred MB. Each is moved aside under its lock, then deleted.
     */
    private static void removeOlderVersions(Path lambdaDir, String name, Path current) throws IOException {
        java.time.Instant before = java.time.Instant.now().minus(KEEP_OLDER);
        try (var siblings = Files.list(lambdaDir)) {
            for (Path sibling : siblings.toList()) {
                String file = sibling.getFileName().toString();
                if (sibling.equals(current) || HELD.containsKey(sibling) || !file.startsWith(name + "-")
                        || file.substring(name.length() + 1).contains(".")) continue;
                Path stamp = sibling.resolve(STAMP);
                if (!Files.isRegularFile(stamp) || !Files.getLastModifiedTime(stamp).toInstant().isBefore(before)) continue;
                Path removing = lambdaDir.resolve(name + ".removing-" + shortHash(sibling + " " + System.nanoTime()));
                try (FileChannel channel = FileChannel.open(sibling.resolve(IN_USE), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                     FileLock lock = channel.tryLock()) {
                    if (lock == null) continue; // a runner in another process holds it
                    Files.move(sibling, removing, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    continue; // removed by another runner meanwhile
                }
                FileTrees.delete(removing);
            }
        }
    }

    private static final java.time.Duration KEEP_OLDER = java.time.Duration.ofMinutes(30);

    /**
     * The root's code as a classpath, the added classes first (they replace the jar's, as in the root). The
     * runtime's loader asks the JVM's own loader first, so the classes it loads are these jars' (the same bytes).
     */
    public static String classpathJars(Path root) {
        Path added = root.resolve(ADDED_CLASSES_JAR);
        String jar = root.resolve(FUNCTION_JAR).toString();
        return Files.isRegularFile(added) ? added + java.io.File.pathSeparator + jar : jar;
    }

    /** The function JVMs' own classpath (the runtime interface client's), nothing of the function's. */
    public static String runtimeClasspath(Path projectRoot) throws IOException {
        Path file = projectRoot.resolve(RUNTIME_CLASSPATH);
        if (!Files.exists(file)) {
            throw new LocalRunnerException(file + " is missing: build first ('mvn -q install -DskipTests')");
        }
        return Files.readString(file).trim();
    }

    /** A file's path, size and modification time: a rebuilt jar is another version. */
    private static String fileVersion(Path file) throws IOException {
        return file.toAbsolutePath() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }

    /** The versions of every file under {@code dir}, in path order. */
    private static String treeVersion(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new LocalRunnerException("no classes to add at " + dir);
        try (var files = Files.walk(dir)) {
            StringBuilder version = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) version.append(fileVersion(file)).append('\n');
            return version.toString();
        }
    }

    /** 12 hex digits of the text's SHA-256: a version's name. */
    static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
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

    /** One jar of the files under {@code directories}; of the same name, the last directory's, as copied into the root. */
    private static void zip(List<Path> directories, Path target) throws IOException {
        java.util.Set<String> written = new java.util.HashSet<>();
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (Path directory : directories.reversed()) {
                try (var files = Files.walk(directory)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                        if (!written.add(name)) continue;
                        out.putNextEntry(new ZipEntry(name));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
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
}
