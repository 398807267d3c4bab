package com.keywordtrend.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Gzip;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts JSON documents to DynamoDB attribute values and back. Small values are stored as native
 * attributes, so they stay readable in the console; a large result is stored gzipped in one binary
 * attribute (DynamoDB's advice for large attribute values: write units are charged per KB, and a
 * timeline of 30,000 numbers as 30,000 native values costs ~200 KB where its gzip is ~40 KB).
 */
public final class AttributeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A list or map whose JSON reaches this size is stored compressed. */
    public static final int COMPRESS_FROM_BYTES = 4 * 1024;
    /** What a stored value may inflate to: an item is at most 400 KB, and numbers compress about 5:1. */
    static final int MAX_INFLATED_BYTES = 32 * 1024 * 1024;

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

    /** As {@link #toAttribute}, but a list or map of {@link #COMPRESS_FROM_BYTES} or more as gzipped JSON. */
    public static AttributeValue toStoredAttribute(JsonNode node) {
        if (node == null || !node.isContainerNode()) return toAttribute(node);
        byte[] json = json(node);
        if (json.length < COMPRESS_FROM_BYTES) return toAttribute(node);
        return AttributeValue.fromB(SdkBytes.fromByteArray(Gzip.compress(json)));
    }

    /** A JSON value's UTF-8 bytes. */
    public static byte[] json(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Gzipped JSON (a stored attribute, a result object) read back, up to {@link #MAX_INFLATED_BYTES} inflated. */
    public static JsonNode fromGzippedJson(byte[] gzipped) {
        return inflate(SdkBytes.fromByteArrayUnsafe(gzipped));
    }

    /** The bytes an attribute value takes in an item, as DynamoDB counts them (near enough for a budget). */
    public static int storedSize(AttributeValue value) {
        return value.type() == AttributeValue.Type.B ? value.b().asByteArrayUnsafe().length
                : toJson(value).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    public static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case B -> inflate(value.b());
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

    private static JsonNode inflate(SdkBytes stored) {
        try (GZIPInputStream gzip = new GZIPInputStream(stored.asInputStream())) {
            byte[] json = gzip.readNBytes(MAX_INFLATED_BYTES + 1);
            if (json.length > MAX_INFLATED_BYTES) {
                throw new IllegalStateException("a stored value inflates past " + MAX_INFLATED_BYTES + " bytes");
            }
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored value is not gzipped JSON", e);
        }
    }

    private static JsonNode number(String n) {
        BigDecimal decimal = new BigDecimal(n);
        if (decimal.scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return NODES.numberNode(decimal.longValueExact());
        }
        return NODES.numberNode(decimal.doubleValue());
    }
}
