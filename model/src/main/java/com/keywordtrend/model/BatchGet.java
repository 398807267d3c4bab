package com.keywordtrend.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Many items of one table by key with BatchGetItem: 100 keys a call, and the keys DynamoDB leaves
 * unprocessed (under throttling, or past a response's 16 MB) asked again a few times, after a
 * growing pause. What is still unread is counted, for the caller to decide what it means.
 */
public final class BatchGet {
    /** BatchGetItem's most keys per call. */
    public static final int MAX_KEYS = 100;
    static final int UNPROCESSED_RETRIES = 4;

    private BatchGet() {
    }

    /** The items found (a key with no item is left out), and how many keys stayed unread. */
    public record Result(List<Map<String, AttributeValue>> items, int unread) {
    }

    /** Reads {@code keys} of {@code table}, each call shaped by {@code shape} (consistency, projection). */
    public static Result read(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> keys,
                              UnaryOperator<KeysAndAttributes.Builder> shape) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int unread = 0;
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            KeysAndAttributes request = shape.apply(KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS)))).build();
            for (int round = 0; request != null && !request.keys().isEmpty(); round++) {
                if (round > UNPROCESSED_RETRIES || (round > 0 && !paused(25L << round))) {
                    unread += request.keys().size();
                    break;
                }
                KeysAndAttributes ask = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table, ask)));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.unprocessedKeys().get(table);
            }
        }
        return new Result(items, unread);
    }

    private static boolean paused(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
