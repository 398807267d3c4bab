package com.keywordtrend.local.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One statement of an identity-based policy, its values resolved to strings. Exactly one of
 * {@code actions}/{@code notActions} and one of {@code resources}/{@code notResources} is set, as IAM
 * requires. {@code origin} says where it came from (the role's policy, a SAM policy template, a managed
 * policy), for the messages.
 */
public record Statement(boolean allow, List<String> actions, List<String> notActions, List<String> resources,
                        List<String> notResources, String origin) {

    public Statement {
        actions = List.copyOf(actions);
        notActions = List.copyOf(notActions);
        resources = List.copyOf(resources);
        notResources = List.copyOf(notResources);
    }

    public static Statement allow(List<String> actions, List<String> resources, String origin) {
        return new Statement(true, actions, List.of(), resources, List.of(), origin);
    }

    /** Whether this statement is one of an AWS managed policy's (AWS writes those; a template can only attach them or not). */
    public boolean ofAwsManagedPolicy() {
        return ManagedPolicies.isNamed(origin);
    }

    /** Whether this statement speaks of {@code action} on {@code resource} (its effect aside). */
    boolean applies(String action, String resource) {
        if (actions.isEmpty() && notActions.isEmpty() || resources.isEmpty() && notResources.isEmpty()) return false;
        boolean actionMatches = actions.isEmpty()
                ? notActions.stream().noneMatch(p -> actionMatches(p, action))
                : actions.stream().anyMatch(p -> actionMatches(p, action));
        if (!actionMatches) return false;
        return resources.isEmpty()
                ? notResources.stream().noneMatch(p -> resourceMatches(p, resource))
                : resources.stream().anyMatch(p -> resourceMatches(p, resource));
    }

    /** Action names are case-insensitive in IAM; {@code *} and {@code ?} are wildcards. */
    static boolean actionMatches(String pattern, String action) {
        return wildcard(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    /** ARNs are case-sensitive; {@code *} and {@code ?} are wildcards, also across the ARN's colons and slashes. */
    static boolean resourceMatches(String pattern, String resource) {
        return wildcard(pattern).matcher(resource).matches();
    }

    /** Each policy pattern compiled once: every call of every function is matched against them. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private static Pattern wildcard(String pattern) {
        return COMPILED.computeIfAbsent(pattern, Statement::compile);
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
