package com.keywordtrend.model;

import java.net.URI;
import java.time.Duration;

/**
 * Where a job's result lives when it outgrows the job item: one gzipped JSON object per attempt that
 * completes, under a key derived from its owner, its id and the attempt ({@link #keyFor}). An attempt
 * never overwrites another's object, so the item only ever points to the object its completion wrote.
 */
public interface ResultObjects {

    /** Writes the object; throws {@link JobStoreUnavailableException} when the store cannot be reached. */
    void put(String key, byte[] gzippedJson);

    /** The object's bytes; throws {@link ResultObjectMissingException} when it is gone. */
    byte[] get(String key);

    /** A GET URL for the object, valid for {@code validFor}; made locally, no call. */
    URI presignedGet(String key, Duration validFor);

    /**
     * "results/<hash of the owner>/<job id>/<hash of the attempt>.json.gz": the owner's name (an email,
     * a subject) never appears in a key, one owner's results share a prefix, and each attempt its own key.
     */
    static String keyFor(String owner, String jobId, String attempt) {
        return "results/" + shortHash(owner) + "/" + jobId + "/" + shortHash(attempt) + ".json.gz";
    }

    /** The job id a key of {@link #keyFor} names (the key itself when it is not one). */
    static String jobIdOf(String key) {
        String[] parts = key.split("/");
        return parts.length > 2 ? parts[2] : key;
    }

    /** SHA-256 in hex: the checksum of a stored object, and (its first 16 digits) the hashes in a key. */
    static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static String shortHash(String text) {
        return sha256Hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    }
}
