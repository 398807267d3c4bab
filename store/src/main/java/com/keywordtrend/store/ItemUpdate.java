package com.keywordtrend.store;

import com.keywordtrend.model.JobAttributes;
import com.keywordtrend.model.JobStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds a SET update expression: each attribute set gets its own placeholders (#aN, :vN);
 * conditions use the fixed names of {@link #CONDITION_NAMES}.
 */
final class ItemUpdate {
    static final String OWNED = "attribute_exists(#id) AND #status = :processing AND #holder = :holder";
    private final String tableName;
    static final Map<String, String> CONDITION_NAMES = Map.of("#id", JobAttributes.JOB_ID, "#status", JobAttributes.STATUS,
            "#holder", JobAttributes.LEASE_HOLDER, "#owner", JobAttributes.OWNER, "#lease", JobAttributes.LEASE_EXPIRES_AT,
            "#attempts", JobAttributes.ATTEMPTS, "#created", JobAttributes.CREATED_AT);

    final StringJoiner expression = new StringJoiner(", ", "SET ", "");
    final StringJoiner removals = new StringJoiner(", ", " REMOVE ", "").setEmptyValue("");
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();
    private int next;

    ItemUpdate(String tableName) {
        this.tableName = tableName;
    }

    ItemUpdate set(String attribute, AttributeValue value) {
        String name = "#a" + next;
        String placeholder = ":v" + next++;
        names.put(name, attribute);
        values.put(placeholder, value);
        expression.add(name + " = " + placeholder);
        return this;
    }

    ItemUpdate remove(String attribute) {
        String name = "#a" + next++;
        names.put(name, attribute);
        removals.add(name);
        return this;
    }

    /** Adds a clause written with the condition names, e.g. {@code #attempts = #attempts + :one}. */
    ItemUpdate setRaw(String clause) {
        expression.add(clause);
        return this;
    }

    ItemUpdate value(String placeholder, AttributeValue value) {
        values.put(placeholder, value);
        return this;
    }

    /** Adds the values of the {@link #OWNED} condition: the job is PROCESSING and held by {@code holder}. */
    ItemUpdate whileHeldBy(String holder) {
        return value(":processing", AttributeValue.fromS(JobStatus.PROCESSING.name())).value(":holder", AttributeValue.fromS(holder));
    }

    UpdateItemRequest.Builder request(String jobId, String condition) {
        Map<String, String> allNames = new HashMap<>(names);
        String updateExpression = expression + removals.toString();
        String text = updateExpression + " " + condition;
        CONDITION_NAMES.forEach((placeholder, name) -> {
            if (text.contains(placeholder)) allNames.put(placeholder, name);
        });
        return UpdateItemRequest.builder()
                .tableName(tableName)
                .key(DynamoDbJobRepository.key(jobId))
                .updateExpression(updateExpression)
                .conditionExpression(condition)
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(values);
    }
}
