package com.keywordtrend.local.template;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The template's DynamoDB tables, created on the emulator as CloudFormation would create them. */
public final class TemplateTables {
    private TemplateTables() {
    }

    /** Creates each table of the template (if absent) and returns its stream ARN by logical id. */
    public static Map<String, String> create(SamTemplate template, DynamoDbClient dynamoDb) {
        Map<String, String> streamArns = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach((id, resource) -> {
            Map<String, Object> p = template.properties(id);
            try {
                dynamoDb.createTable(r -> {
                    r.tableName(id).billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attributeDefinitions(p))
                            .keySchema(keySchema(p.get("KeySchema")));
                    List<GlobalSecondaryIndex> indexes = globalIndexes(p);
                    if (!indexes.isEmpty()) r.globalSecondaryIndexes(indexes);
                    Object viewType = map(p.get("StreamSpecification")).get("StreamViewType");
                    if (viewType != null) {
                        r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.fromValue(String.valueOf(viewType))));
                    }
                });
            } catch (ResourceInUseException e) {
                // kept from an earlier run (--db-path): add the indexes the template gained since
                addMissingIndexes(dynamoDb, id, p);
            }
            Object ttl = map(p.get("TimeToLiveSpecification")).get("AttributeName");
            if (ttl != null) {
                try {
                    dynamoDb.updateTimeToLive(r -> r.tableName(id).timeToLiveSpecification(t -> t.attributeName(String.valueOf(ttl)).enabled(true)));
                } catch (RuntimeException e) {
                    // already enabled, or not supported by this endpoint: TTL only deletes in AWS anyway
                }
            }
            streamArns.put(id, dynamoDb.describeTable(r -> r.tableName(id)).table().latestStreamArn());
        });
        return streamArns;
    }

    private static List<AttributeDefinition> attributeDefinitions(Map<String, Object> tableProperties) {
        return list(tableProperties.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                .attributeName(String.valueOf(map(a).get("AttributeName")))
                .attributeType(String.valueOf(map(a).get("AttributeType"))).build()).toList();
    }

    private static List<KeySchemaElement> keySchema(Object keySchema) {
        return list(keySchema).stream().map(k -> KeySchemaElement.builder()
                .attributeName(String.valueOf(map(k).get("AttributeName")))
                .keyType(String.valueOf(map(k).get("KeyType"))).build()).toList();
    }

    private static List<GlobalSecondaryIndex> globalIndexes(Map<String, Object> tableProperties) {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object index : list(tableProperties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> i = map(index);
            Map<String, Object> projection = map(i.get("Projection"));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(String.valueOf(i.get("IndexName")))
                    .keySchema(keySchema(i.get("KeySchema")))
                    .projection(pr -> {
                        pr.projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
                        List<String> attributes = list(projection.get("NonKeyAttributes")).stream().map(String::valueOf).toList();
                        if (!attributes.isEmpty()) pr.nonKeyAttributes(attributes);
                    })
                    .build());
        }
        return indexes;
    }

    private static void addMissingIndexes(DynamoDbClient dynamoDb, String table, Map<String, Object> tableProperties) {
        var existing = dynamoDb.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .map(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription::indexName).toList();
        for (GlobalSecondaryIndex index : globalIndexes(tableProperties)) {
            if (existing.contains(index.indexName())) continue;
            dynamoDb.updateTable(r -> r.tableName(table)
                    .attributeDefinitions(attributeDefinitions(tableProperties))
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                            .keySchema(index.keySchema()).projection(index.projection()))));
        }
    }
}
