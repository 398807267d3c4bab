package com.keywordtrend.store;

import com.keywordtrend.model.Gzip;
import com.keywordtrend.model.SourceCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The source cache in a DynamoDB table: key {@code cache_key} (the source and its request), the
 * status, the body gzipped (a year of daily pageviews is ~100 KB of JSON, ~8 KB gzipped), and
 * {@code expires_at} for DynamoDB's TTL, which deletes late, so a read checks it too. Reads are
 * eventually consistent: a job started a moment after an identical one may still miss.
 *
 * <p>The jobs of an invocation ask at once, so reads and writes are gathered ({@link Coalescer}):
 * reads made within {@link #READ_WINDOW} of each other go in one BatchGetItem (up to 100 keys),
 * writes within {@link #WRITE_WINDOW} in one BatchWriteItem (up to 25), both by {@link DynamoBatches}, which the writing job does not
 * wait for unless it runs the batch. Keys DynamoDB leaves unprocessed (throttling, or a response
 * past 16 MB) are asked again a few times; what is still left is a miss, or a write not kept.
 */
public final class DynamoDbSourceCache implements SourceCache {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSourceCache.class);
    /** Items stay well inside DynamoDB's 400 KB; larger answers are not kept. */
    static final int MAX_STORED_BYTES = 300_000;
    /** A few ms on a cache read that saves a source call of hundreds of ms, or seconds. */
    static final Duration READ_WINDOW = Duration.ofMillis(10);
    static final Duration WRITE_WINDOW = Duration.ofMillis(50);
    private static final String KEY = "cache_key";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Coalescer<String, Void, Entry> reads = new Coalescer<>(DynamoBatches.MAX_GET, READ_WINDOW, this::readAll);
    private final Coalescer<String, Map<String, AttributeValue>, Void> writes = new Coalescer<>(DynamoBatches.MAX_PUT, WRITE_WINDOW, this::writeAll);

    public DynamoDbSourceCache(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> get(String key) {
        try {
            return Optional.ofNullable(reads.submit(key, null).get());
        } catch (ExecutionException e) {
            LOG.warn("source cache read failed, asking the source: {}", e.getCause().toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the job was stopped: its source call will be too
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, Entry entry, Duration timeToLive) {
        byte[] body = Gzip.compress(entry.body().getBytes(StandardCharsets.UTF_8));
        if (body.length > MAX_STORED_BYTES) return;
        writes.submit(key, Map.of(
                KEY, AttributeValue.fromS(key),
                "status", AttributeValue.fromN(Integer.toString(entry.status())),
                "body", AttributeValue.fromB(SdkBytes.fromByteArray(body)),
                "expires_at", AttributeValue.fromN(Long.toString(clock.instant().plus(timeToLive).getEpochSecond()))));
    }

    /** BatchGetItem calls for the keys; a key not read (an error, or left unprocessed) is a miss. */
    private Map<String, Entry> readAll(Map<String, Void> keys) {
        Map<String, Entry> found = new HashMap<>();
        try {
            DynamoBatches.Read read = DynamoBatches.get(dynamoDb, table,
                    keys.keySet().stream().map(key -> Map.of(KEY, AttributeValue.fromS(key))).toList(), request -> request);
            if (read.unread() > 0) LOG.warn("source cache left {} keys unread; asking the sources", read.unread());
            for (Map<String, AttributeValue> item : read.items()) {
                entryOf(item).ifPresent(entry -> found.put(item.get(KEY).s(), entry));
            }
        } catch (SdkException e) {
            LOG.warn("source cache read failed, asking the sources: {}", e.toString());
        }
        return found;
    }

    private Optional<Entry> entryOf(Map<String, AttributeValue> item) {
        try {
            if (!item.containsKey("expires_at") || !item.containsKey("body")) return Optional.empty();
            if (Long.parseLong(item.get("expires_at").n()) <= clock.instant().getEpochSecond()) return Optional.empty();
            return Optional.of(new Entry(Integer.parseInt(item.get("status").n()),
                    new String(Gzip.decompress(item.get("body").b().asByteArray()), StandardCharsets.UTF_8)));
        } catch (IOException | NumberFormatException | NullPointerException e) {
            LOG.warn("unreadable source cache entry {}: {}", item.get(KEY), e.toString());
            return Optional.empty();
        }
    }

    /** BatchWriteItem for the items (and again for those left unprocessed); a write not done loses only the saving. */
    private Map<String, Void> writeAll(Map<String, Map<String, AttributeValue>> items) {
        try {
            int unwritten = DynamoBatches.put(dynamoDb, table, List.copyOf(items.values()));
            if (unwritten > 0) LOG.warn("source cache kept {} answers fewer than it was given", unwritten);
        } catch (SdkException e) {
            LOG.warn("source cache write failed: {}", e.toString());
        }
        return Map.of();
    }
}
