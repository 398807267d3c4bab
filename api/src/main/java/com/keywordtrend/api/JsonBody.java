package com.keywordtrend.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Turns a request body into a JSON object, or says in plain words why it is not one. */
public final class JsonBody {
    /** API Gateway allows 10 MB; a job's inputs must fit in its DynamoDB item with its results. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    static final String NOT_UTF8 = "Request body is not valid UTF-8";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // {"industry":"x","usp":"y"} xyz is not a JSON object: refuse what follows the value
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"job_id":"a","job_id":"b"}: which one was meant is not ours to guess
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The deepest nesting read: the contract's bodies are two levels deep. */
    static final int MAX_NESTING = 32;

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    private JsonBody() {
    }

    public static ObjectNode parseObject(String body, boolean base64Encoded) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("Request body must be a JSON object");
        }
        String text = body;
        if (base64Encoded) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("Request body is not valid base64");
            }
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new BadRequestException(NOT_UTF8);
            }
        }
        // a text body reaches the function already decoded: bytes that were not UTF-8 arrive as U+FFFD
        if (text.indexOf('\uFFFD') >= 0) throw new BadRequestException(NOT_UTF8);
        // some clients (PowerShell, Windows editors) prefix UTF-8 with a byte order mark; it is not part of the JSON
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new BadRequestException("Request body is larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("Request body is nested more than " + MAX_NESTING + " levels deep");
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw new BadRequestException("Request body names a field twice (" + duplicateName(message) + ")");
            }
            throw new BadRequestException("Request body is not valid JSON");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("Request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("Request body must be a JSON object");
        }
        String broken = loneSurrogateIn(node, "");
        if (broken != null) {
            // JSON's \ud800 escape decodes to half a character: no store or client can keep it
            throw new BadRequestException((broken.isEmpty() ? "A field name" : broken)
                    + " holds a lone UTF-16 surrogate (half of a character); send valid Unicode text");
        }
        return (ObjectNode) node;
    }

    /** Jackson's "Duplicate field 'x'": the name, quoted and cut short, for the reply. */
    private static String duplicateName(String message) {
        int from = message.indexOf('\'');
        int to = message.lastIndexOf('\'');
        if (from < 0 || to <= from) return "a name";
        String name = message.substring(from + 1, to);
        return "\"" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "\"";
    }

    /** The path of the first string or field name holding an unpaired surrogate, or null. */
    static String loneSurrogateIn(JsonNode node, String path) {
        if (node.isTextual()) return hasLoneSurrogate(node.textValue()) ? path : null;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogateIn(node.get(i), path + "[" + i + "]");
                if (found != null) return found;
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                if (hasLoneSurrogate(field.getKey())) return "";
                String found = loneSurrogateIn(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) return found;
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    public static String write(JsonNode node) {
        return node.toString();
    }
}
