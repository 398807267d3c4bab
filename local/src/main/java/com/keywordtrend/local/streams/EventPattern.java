package com.keywordtrend.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * An EventBridge-style filter pattern, as Lambda's FilterCriteria apply them to stream records:
 * an object matches when every key of the pattern matches; a list of values matches when the
 * event's value equals one of them (or, for {@code {"exists": b}} / {@code {"prefix": s}} /
 * {@code {"anything-but": [..]}}, satisfies it).
 */
public final class EventPattern {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    public static EventPattern parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) throw new IllegalArgumentException("a filter pattern must be a JSON object");
            return new EventPattern(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("filter pattern is not JSON: " + json, e);
        }
    }

    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = event == null ? null : event.get(entry.getKey());
            JsonNode rule = entry.getValue();
            boolean ok = rule.isObject() ? value != null && value.isObject() && matchesObject(rule, value)
                    : rule.isArray() && matchesAny(rule, value);
            if (!ok) return false;
        }
        return true;
    }

    private static boolean matchesAny(JsonNode rules, JsonNode value) {
        for (JsonNode rule : rules) {
            if (rule.isObject()) {
                if (rule.has("exists") && rule.get("exists").asBoolean() == (value != null)) return true;
                if (value != null && rule.has("prefix") && value.isTextual()
                        && value.textValue().startsWith(rule.get("prefix").asText())) return true;
                if (value != null && rule.has("anything-but") && !contains(rule.get("anything-but"), value)) return true;
            } else if (value != null && !value.isContainerNode() && sameValue(rule, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        if (!values.isArray()) return sameValue(values, value);
        for (JsonNode v : values) if (sameValue(v, value)) return true;
        return false;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }
}
