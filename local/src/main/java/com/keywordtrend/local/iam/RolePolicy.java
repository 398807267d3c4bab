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

    /** The same role without {@code action} wherever a statement grants it by name (tests remove one grant at a time). */
    public RolePolicy without(String action) {
        return new RolePolicy(roleName, statements.stream().map(s -> {
            if (!s.allow() || s.actions().isEmpty()) return s;
            List<String> kept = s.actions().stream().filter(a -> !a.equalsIgnoreCase(action)).toList();
            return kept.size() == s.actions().size() ? s
                    : new Statement(true, kept, List.of(), s.resources(), s.notResources(), s.origin());
        }).filter(s -> !(s.allow() && s.actions().isEmpty() && s.notActions().isEmpty())).toList());
    }

    /** Every action named in an Allow statement, each once, in order. */
    public List<String> grantedActions() {
        return statements.stream().filter(Statement::allow).flatMap(s -> s.actions().stream()).distinct().toList();
    }
}
