package com.keywordtrend.api;

import java.util.Map;

/** The headers every reply carries (the contract), errors and preflights included. */
public record Cors(String allowedOrigin) {
    /** The contract's two, and the Idempotency-Key a browser client sends with a start. */
    public static final String ALLOW_HEADERS = "Content-Type,Authorization,Idempotency-Key";
    public static final String ALLOW_METHODS = "GET,POST,DELETE,OPTIONS";
    /** What a browser client may read besides the simple headers: where a job lives and when to poll again. */
    public static final String EXPOSE_HEADERS = "Location,Retry-After";

    public Map<String, String> headers() {
        return Map.of(
                "Content-Type", "application/json",
                "Access-Control-Allow-Origin", allowedOrigin,
                "Access-Control-Allow-Headers", ALLOW_HEADERS,
                "Access-Control-Allow-Methods", ALLOW_METHODS,
                "Access-Control-Expose-Headers", EXPOSE_HEADERS);
    }
}
