package com.keywordtrend.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Many items of one table in BatchGetItem and BatchWriteItem calls. What DynamoDB leaves
 * unprocessed (under throttling, or past a read's 16 MB) is asked again a few times, after a growing
 * pause; what is still left is counted, for the caller to decide what it means.
 */
public final class DynamoBatches {
    /** BatchGetItem's most keys per call. */
    public static final int MAX_GET = 100;
    /** BatchWriteItem's most items per call. */
    public static final int MAX_PUT = 25;
    static final int UNPROCESSED_RETRIES = 4;
    static final long GET_PAUSE_MILLIS = 25;
    static final long PUT_PAUSE_MILLIS = 20;

    private DynamoBatches() {
    }

    /** The items found (a key with no item is left out), and how many keys stayed unread. */
    public record Read(List<Map<String, AttributeValue>> items, int unread) {
    }

    /** Reads {@code keys} of {@code table}, each call shaped by {@code shape} (consistency, projection). */
    public static Read get(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> keys,
                           UnaryOperator<KeysAndAttributes.Builder> shape) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int unread = 0;
        for (int from = 0; from < keys.size(); from += MAX_GET) {
            KeysAndAttributes request = shape.apply(KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_GET)))).build();
            for (int round = 0; request != null && !request.keys().isEmpty(); round++) {
                if (!mayRetry(round, GET_PAUSE_MILLIS)) {
                    unread += request.keys().size();
                    break;
                }
                KeysAndAttributes ask = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table, ask)));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.unprocessedKeys().get(table);
            }
        }
        return new Read(items, unread);
    }

    /** Puts {@code items} into {@code table}, 25 a call: how many were left unwritten. */
    public static int put(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        int unwritten = 0;
        for (int from = 0; from < items.size(); from += MAX_PUT) {
            List<WriteRequest> requests = items.subList(from, Math.min(items.size(), from + MAX_PUT)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
            for (int round = 0; requests != null && !requests.isEmpty(); round++) {
                if (!mayRetry(round, PUT_PAUSE_MILLIS)) {
                    unwritten += requests.size();
                    break;
                }
                List<WriteRequest> ask = requests;
                requests = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, ask))).unprocessedItems().get(table);
            }
        }
        return unwritten;
    }

    /** Whether round {@code round} may go ahead: the first at once, the next few after a growing pause. */
    private static boolean mayRetry(int round, long pauseMillis) {
        if (round == 0) return true;
        if (round > UNPROCESSED_RETRIES) return false;
        try {
            Thread.sleep(pauseMillis << round);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
