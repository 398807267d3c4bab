package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts JSON documents to native DynamoDB attribute values and back, so results stay readable in the console. */
public final class AttributeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private AttributeJson() {
    }

    public static AttributeValue toAttribute(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return AttributeValue.fromNul(true);
        if (node.isTextual()) return AttributeValue.fromS(node.textValue());
        if (node.isBoolean()) return AttributeValue.fromBool(node.booleanValue());
        if (node.isNumber()) return AttributeValue.fromN(node.numberValue() instanceof BigDecimal bd
                ? bd.toPlainString() : node.asText());
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toAttribute(element)));
            return AttributeValue.fromL(list);
        }
        if (node.isObject()) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toAttribute(e.getValue())));
            return AttributeValue.fromM(map);
        }
        throw new IllegalArgumentException("Unsupported JSON node type: " + node.getNodeType());
    }

    public static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> number(value.n());
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(element -> array.add(toJson(element)));
                yield array;
            }
            case M -> toJson(value.m());
            case SS -> {
                ArrayNode array = NODES.arrayNode();
                value.ss().forEach(array::add);
                yield array;
            }
            case NS -> {
                ArrayNode array = NODES.arrayNode();
                value.ns().forEach(n -> array.add(number(n)));
                yield array;
            }
            default -> throw new IllegalArgumentException("Unsupported attribute type: " + value.type());
        };
    }

    /** DynamoDB keeps no order of a map's keys: they come back sorted, so replies are stable. */
    public static ObjectNode toJson(Map<String, AttributeValue> map) {
        ObjectNode object = NODES.objectNode();
        new java.util.TreeMap<>(map).forEach((k, v) -> object.set(k, toJson(v)));
        return object;
    }

    private static JsonNode number(String n) {
        BigDecimal decimal = new BigDecimal(n);
        if (decimal.scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return NODES.numberNode(decimal.longValueExact());
        }
        return NODES.numberNode(decimal.doubleValue());
    }
}
