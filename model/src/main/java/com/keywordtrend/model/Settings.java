package com.keywordtrend.model;

import java.util.function.UnaryOperator;

/**
 * Where configuration comes from: the environment variables Lambda gives the function (the local
 * runner starts each function as a process with the same variables). Tests pass their own lookup.
 */
public final class Settings {
    public static final UnaryOperator<String> SYSTEM = System::getenv;

    private Settings() {
    }

    public static String required(UnaryOperator<String> settings, String name) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value.trim();
    }

    public static String orDefault(UnaryOperator<String> settings, String name, String fallback) {
        String value = settings.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static int intOrDefault(UnaryOperator<String> settings, String name, int fallback) {
        String value = orDefault(settings, name, null);
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, got '" + value + "'");
        }
    }

    public static boolean flag(UnaryOperator<String> settings, String name, boolean fallback) {
        String value = orDefault(settings, name, null);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }
}
