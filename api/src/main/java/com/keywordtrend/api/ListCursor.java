package com.keywordtrend.api;

import com.keywordtrend.model.JobPage;
import com.keywordtrend.model.JobQuery;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code cursor} of a listing: where the page ended, signed with HMAC-SHA256 over the
 * position, the owner and the filters. A cursor that was changed, or that belongs to another owner
 * or another filter, is refused (400), so a client can neither forge a place in someone's listing
 * nor learn anything from the cursor but that it is a cursor.
 */
final class ListCursor {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** 128 bits of the MAC: forging one is out of reach, and the cursor stays short. */
    private static final int MAC_BYTES = 16;
    static final int MAX_LENGTH = 512;
    static final String INVALID = "cursor is not valid for this listing: use the next_cursor of the previous page"
            + " with the same type and status";

    private final SecretKeySpec key;

    /** @param secret the signing secret (CURSOR_SIGNING_KEY), at least 32 bytes */
    ListCursor(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) throw new IllegalStateException("the cursor signing key must be at least 32 bytes");
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    String encode(JobPage.Position position, JobQuery query) {
        String payload = ENCODER.encodeToString((position.createdAt() + "\n" + position.jobId()).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload, query));
    }

    /** The position {@code cursor} names, for a query of this owner and these filters; 400 when it is not one we made for it. */
    JobPage.Position decode(String cursor, JobQuery query) {
        int dot = cursor.indexOf('.');
        if (cursor.length() > MAX_LENGTH || dot < 1) throw new BadRequestException(INVALID);
        String payload = cursor.substring(0, dot);
        try {
            // compared as text, not decoded bytes: the decoder ignores the last character's spare bits,
            // so several spellings would decode to the same MAC and a changed cursor could pass
            byte[] given = cursor.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] expected = ENCODER.encodeToString(mac(payload, query)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, expected)) throw new BadRequestException(INVALID);
            String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 2) throw new BadRequestException(INVALID);
            return new JobPage.Position(parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(INVALID);
        }
    }

    private byte[] mac(String payload, JobQuery query) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            String signed = query.owner() + "\n" + (query.type() == null ? "" : query.type().wireName()) + "\n"
                    + (query.status() == null ? "" : query.status().name()) + "\n" + payload;
            byte[] full = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
