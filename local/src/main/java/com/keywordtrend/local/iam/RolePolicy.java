package com.keywordtrend.local.iam;

import java.util.List;

/**
 * A function's execution role as IAM evaluates it: every statement of every policy attached to it
 * (inline, SAM policy templates, AWS managed policies), and the role's name for the messages.
 */
public record RolePolicy(String roleName, List<Statement> statements) {

    public RolePolicy {
        statements = List.copyOf(statements);
    }

    public Decision decide(String action, String resource) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (!statement.applies(action, resource)) continue;
            if (!statement.allow()) return Decision.EXPLICIT_DENY;
            allowed = true;
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }
}
