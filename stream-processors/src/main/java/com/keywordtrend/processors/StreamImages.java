package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/** A stream record's image as the plain JSON the model reads item attributes from (strings, numbers, lists, maps). */
final class StreamImages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StreamImages() {
    }

    static ObjectNode toJson(Map<String, AttributeValue> image) {
        ObjectNode node = JSON.objectNode();
        image.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    private static JsonNode toJson(AttributeValue value) {
        if (value.getS() != null) return JSON.textNode(value.getS());
        if (value.getN() != null) return JSON.numberNode(new BigDecimal(value.getN()));
        if (value.getBOOL() != null) return JSON.booleanNode(value.getBOOL());
        if (value.getL() != null) {
            ArrayNode list = JSON.arrayNode();
            value.getL().forEach(item -> list.add(toJson(item)));
            return list;
        }
        if (value.getM() != null) return toJson(value.getM());
        if (value.getSS() != null) {
            ArrayNode set = JSON.arrayNode();
            value.getSS().forEach(set::add);
            return set;
        }
        return JSON.nullNode();
    }
}
