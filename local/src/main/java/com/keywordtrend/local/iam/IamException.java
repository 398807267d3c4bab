package com.keywordtrend.local.iam;

/** A policy the runner cannot evaluate faithfully: the runner refuses to start rather than guess. */
public final class IamException extends RuntimeException {
    public IamException(String message) {
        super(message);
    }
}
