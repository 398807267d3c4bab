package com.keywordtrend.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip both ways: the sources' compressed answers, the source cache's stored bodies, large stored results. */
public final class Gzip {
    private Gzip() {
    }

    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }

    /** @throws IOException when the bytes are not gzip */
    public static byte[] decompress(byte[] bytes) throws IOException {
        return decompress(bytes, Integer.MAX_VALUE - 8);
    }

    /**
     * Inflated no further than {@code cap} bytes (a small reply may inflate to gigabytes).
     *
     * @throws TooLarge past the cap
     * @throws IOException when the bytes are not gzip
     */
    public static byte[] decompress(byte[] bytes, int cap) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, bytes.length * 4 + 64));
            byte[] chunk = new byte[16384];
            for (int read; (read = in.read(chunk)) > 0; ) {
                if (out.size() + (long) read > cap) throw new TooLarge();
                out.write(chunk, 0, read);
            }
            return out.toByteArray();
        }
    }

    /** Bytes that inflate past the cap they were read under. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("inflates past its cap", null);
        }
    }
}
