package com.keywordtrend.local.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where each stream mapping has read to, per shard, kept beside the emulator's database file
 * ({@code --db-path}), so that a restarted runner resumes the streams where it stopped, as an
 * event source mapping keeps its position. In memory when the database is.
 */
public final class StreamPositions {
    private final Path file;
    private final Properties positions = new Properties();

    private StreamPositions(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                positions.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stream positions from " + file, e);
            }
        }
    }

    /** Positions kept in {@code dbPath}.positions, or in memory when {@code dbPath} is null. */
    public static StreamPositions beside(Path dbPath) {
        return new StreamPositions(dbPath == null ? null
                : dbPath.toAbsolutePath().resolveSibling(dbPath.getFileName() + ".positions"));
    }

    synchronized String load(String mapping, String shardId) {
        return positions.getProperty(mapping + "/" + shardId);
    }

    synchronized void save(String mapping, String shardId, String sequenceNumber) {
        positions.setProperty(mapping + "/" + shardId, sequenceNumber);
        if (file == null) return;
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newBufferedWriter(temporary)) {
                positions.store(out, "last sequence number each stream mapping has settled, by shard");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save stream positions to " + file, e);
        }
    }
}
