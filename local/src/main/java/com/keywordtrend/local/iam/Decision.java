package com.keywordtrend.local.iam;

/** IAM's answer to one request: an explicit Deny wins over any Allow; nothing that allows is an implicit deny. */
public enum Decision {
    ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOWED;
    }
}
