package com.keywordtrend.api;

/** The request cannot be served as sent; the message is shown to the client as is, so it never holds internals. */
public class BadRequestException extends RuntimeException {
    private final int statusCode;

    public BadRequestException(String message) {
        this(400, message);
    }

    public BadRequestException(int statusCode, String message) {
        super(message, null, false, false);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
