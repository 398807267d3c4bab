package com.keywordtrend.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 */
public final class DynamoDbSourceCache implements SourceCache {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSourceCache.class);
    /** Items stay well inside DynamoDB's 400 KB; larger answers are not kept. */
    static final int MAX_STORED_BYTES = 300_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbSourceCache(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> get(String key) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(Map.of("cache_key", AttributeValue.fromS(key)))).item();
            if (item == null || item.isEmpty() || !item.containsKey("expires_at") || !item.containsKey("body")) return Optional.empty();
            if (Long.parseLong(item.get("expires_at").n()) <= clock.instant().getEpochSecond()) return Optional.empty();
            return Optional.of(new Entry(Integer.parseInt(item.get("status").n()), new String(Gzip.decompress(item.get("body").b().asByteArray()), StandardCharsets.UTF_8)));
        } catch (SdkException | IOException | NumberFormatException | NullPointerException e) {
            LOG.warn("source cache read failed, asking the source: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, Entry entry, Duration timeToLive) {
        byte[] body = Gzip.compress(entry.body().getBytes(StandardCharsets.UTF_8));
        if (body.length > MAX_STORED_BYTES) return;
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                    "cache_key", AttributeValue.fromS(key),
                    "status", AttributeValue.fromN(Integer.toString(entry.status())),
                    "body", AttributeValue.fromB(SdkBytes.fromByteArray(body)),
                    "expires_at", AttributeValue.fromN(Long.toString(clock.instant().plus(timeToLive).getEpochSecond())))));
        } catch (SdkException e) {
            LOG.warn("source cache write failed: {}", e.toString());
        }
    }
}
