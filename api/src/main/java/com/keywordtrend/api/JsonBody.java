package com.keywordtrend.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
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
        } catch (JsonProcessingException e) {
            throw new BadRequestException("Request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static String write(JsonNode node) {
        return node.toString();
    }
}
