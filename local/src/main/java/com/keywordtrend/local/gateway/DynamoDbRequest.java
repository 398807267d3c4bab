package com.keywordtrend.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.iam.Arns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What IAM authorizes for one DynamoDB or DynamoDB Streams request: each (action, resource) pair, as
 * DynamoDB checks them. A batch names one action on every table it touches; a transaction is
 * authorized item by item with the item's own action (TransactWriteItems has no IAM action of its own);
 * an index read is on {@code table/T/index/I}; stream reads are on the stream's ARN.
 */
final class DynamoDbRequest {
    /** One authorization: an action on a resource ARN. */
    record Check(String action, String resource) {
    }

    /**
     * @param operation the X-Amz-Target's operation (GetItem, BatchGetItem, GetRecords, …)
     * @param body      the request's JSON
     * @param arns      the runner's ARNs
     * @param iteratorStream the stream a shard iterator was handed out for, or null when unknown
     */
    static List<Check> checks(String operation, JsonNode body, Arns arns, java.util.function.Function<String, String> iteratorStream) {
        List<Check> checks = new ArrayList<>();
        String action = "dynamodb:" + operation;
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> {
                for (Iterator<String> tables = body.path("RequestItems").fieldNames(); tables.hasNext(); ) {
                    checks.add(new Check(action, arns.table(tables.next())));
                }
            }
            case "TransactGetItems" -> body.path("TransactItems").forEach(item ->
                    checks.add(new Check("dynamodb:GetItem", arns.table(item.path("Get").path("TableName").asText()))));
            case "TransactWriteItems" -> body.path("TransactItems").forEach(item -> {
                String kind = item.fieldNames().hasNext() ? item.fieldNames().next() : "";
                String itemAction = switch (kind) {
                    case "Put" -> "dynamodb:PutItem";
                    case "Update" -> "dynamodb:UpdateItem";
                    case "Delete" -> "dynamodb:DeleteItem";
                    default -> "dynamodb:ConditionCheckItem";
                };
                checks.add(new Check(itemAction, arns.table(item.path(kind).path("TableName").asText())));
            });
            case "DescribeStream", "GetShardIterator" ->
                    checks.add(new Check(action, arns.canonicalStream(body.path("StreamArn").asText())));
            case "GetRecords" -> checks.add(new Check(action, iteratorStream.apply(body.path("ShardIterator").asText())));
            case "ListStreams" -> checks.add(new Check(action, body.hasNonNull("TableName")
                    ? arns.table(body.path("TableName").asText()) + "/stream/*" : "*"));
            case "ListTables", "DescribeLimits", "DescribeEndpoints" -> checks.add(new Check(action, "*"));
            default -> {
                if (!body.hasNonNull("TableName")) {
                    checks.add(new Check(action, "*"));
                } else {
                    String table = arns.table(body.path("TableName").asText());
                    checks.add(new Check(action, body.hasNonNull("IndexName") ? table + "/index/" + body.path("IndexName").asText() : table));
                }
            }
        }
        return checks;
    }

    private DynamoDbRequest() {
    }
}
