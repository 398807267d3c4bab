package com.keywordtrend.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Typed, bounded reads of request fields, each failure a 400 that names the field. */
final class Fields {
    private Fields() {
    }

    /** A trimmed string, or null when absent, null or empty (the contract treats all three as missing). */
    static String optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new BadRequestException(field + " must be a string");
        String value = node.textValue().strip();
        if (value.isEmpty()) return null;
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new BadRequestException(field + " must be at most " + maxLength + " characters");
        }
        if (hasControlCharacters(value, multiline(field))) {
            throw new BadRequestException(field + " must not contain control characters");
        }
        return value;
    }

    /** The one field written as prose (a textarea in the console): line breaks and tabs are allowed there. */
    private static boolean multiline(String field) {
        return field.equals(com.keywordtrend.model.OrchestrateInputs.USP);
    }

    /**
     * A list of distinct (case-insensitively) non-empty strings; absent or null is an empty list.
     * Items may also be objects holding the string under {@code objectKey}, when it is not null.
     */
    static List<String> textList(ObjectNode body, String field, int maxItems, int maxItemLength, String objectKey) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new BadRequestException(field + " must be a list");
        if (node.size() > maxItems) throw new BadRequestException(field + " must have at most " + maxItems + " items");
        List<String> values = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : node) {
            JsonNode text = item;
            if (objectKey != null && item.isObject()) text = item.get(objectKey);
            if (text == null || !text.isTextual()) {
                throw new BadRequestException(objectKey == null
                        ? field + " must be a list of strings"
                        : field + " must be a list of strings or of {\"" + objectKey + "\": …} objects");
            }
            String value = text.textValue().strip();
            if (value.isEmpty()) continue;
            if (value.codePointCount(0, value.length()) > maxItemLength) {
                throw new BadRequestException("each of " + field + " must be at most " + maxItemLength + " characters");
            }
            if (hasControlCharacters(value, false)) {
                throw new BadRequestException("each of " + field + " must be free of control characters");
            }
            if (seen.add(value.toLowerCase(Locale.ROOT))) values.add(value);
        }
        return values;
    }

    /**
     * Control characters (newline and tab only where prose allows them) and the bidirectional
     * overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a term display as other
     * text than it holds: never part of a search term, and unsafe to echo.
     */
    static boolean hasControlCharacters(String value, boolean prose) {
        return value.chars().anyMatch(c -> (Character.isISOControl(c) && !(prose && (c == '\n' || c == '\t')))
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }
}
