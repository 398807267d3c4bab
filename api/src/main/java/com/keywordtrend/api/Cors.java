package com.keywordtrend.api;

import java.util.Map;

/** The headers every reply carries (the contract), errors and preflights included. */
public record Cors(String allowedOrigin) {
    public static final String ALLOW_HEADERS = "Content-Type,Authorization";
    public static final String ALLOW_METHODS = "GET,POST,DELETE,OPTIONS";

    public Map<String, String> headers() {
        return Map.of(
                "Content-Type", "application/json",
                "Access-Control-Allow-Origin", allowedOrigin,
                "Access-Control-Allow-Headers", ALLOW_HEADERS,
                "Access-Control-Allow-Methods", ALLOW_METHODS);
    }
}
