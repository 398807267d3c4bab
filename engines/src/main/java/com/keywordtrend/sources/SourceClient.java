package com.keywordtrend.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way this project calls a public data source: a descriptive User-Agent, connect and
 * request timeouts, retries of 429/5xx/timeouts with exponential backoff that honours
 * Retry-After, the source's own rate limit and concurrency cap, and a deadline no call outlives.
 * Each call is an X-Ray subsegment.
 */
public final class SourceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param minInterval least time between two requests to this source (its rate limit)
     * @param maxRetries  retries after the first try
     */
    public record Config(String name, String userAgent, Duration connectTimeout, Duration requestTimeout,
                         Duration minInterval, int maxConcurrency, int maxRetries, Duration baseBackoff) {

        public static Config defaults(String name, String userAgent) {
            return new Config(name, userAgent, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMillis(100),
                    4, 3, Duration.ofMillis(500));
        }

        public Config withMinInterval(Duration interval) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, interval, maxConcurrency, maxRetries, baseBackoff);
        }

        public Config withRequestTimeout(Duration timeout) {
            return new Config(name, userAgent, connectTimeout, timeout, minInterval, maxConcurrency, maxRetries, baseBackoff);
        }

        public Config withBackoff(Duration backoff) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, maxConcurrency, maxRetries, backoff);
        }
    }

    private final Config config;
    private final HttpClient http;
    private final Semaphore concurrency;
    private final Object rateLock = new Object();
    private long nextSlotNanos = System.nanoTime();

    public SourceClient(Config config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.concurrency = new Semaphore(config.maxConcurrency(), true);
    }

    public String name() {
        return config.name();
    }

    /** A query or path value, percent-encoded (spaces as %20, valid in both). */
    public static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode getJson(URI uri, Instant deadline) throws SourceException {
        String body = getText(uri, deadline);
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) throw new SourceException(config.name() + " sent an empty response");
            return node;
        } catch (JsonProcessingException e) {
            throw new SourceException(config.name() + " sent a malformed response");
        }
    }

    /** The body of a 2xx answer, decoded with the charset the response declares (UTF-8 by default). */
    public String getText(URI uri, Instant deadline) throws SourceException {
        try {
            return Tracing.inSubsegment(config.name() + " GET", () -> {
                try {
                    return fetch(uri, deadline);
                } catch (SourceException e) {
                    throw new WrappedSourceException(e);
                }
            });
        } catch (WrappedSourceException e) {
            throw e.source;
        }
    }

    private String fetch(URI uri, Instant deadline) throws SourceException {
        for (int attempt = 0; ; attempt++) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) throw new SourceException(config.name() + " ran out of its time budget");
            HttpResponse<String> response;
            try {
                response = send(uri, left);
            } catch (HttpTimeoutException e) {
                if (attempt >= config.maxRetries()) throw new SourceException(config.name() + " timed out");
                backoff(attempt, null, deadline);
                continue;
            } catch (IOException e) {
                if (attempt >= config.maxRetries()) throw new SourceException(config.name() + " could not be reached");
                backoff(attempt, null, deadline);
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) return response.body();
            if (status == 404) throw new SourceException(config.name() + " has no data for this request", true);
            if (status == 429 || status >= 500) {
                if (attempt >= config.maxRetries()) {
                    throw new SourceException(config.name() + (status == 429 ? " is rate limiting us" : " failed with HTTP " + status));
                }
                backoff(attempt, response.headers().firstValue("Retry-After").orElse(null), deadline);
                continue;
            }
            throw new SourceException(config.name() + " refused the request (HTTP " + status + ")");
        }
    }

    private HttpResponse<String> send(URI uri, Duration left) throws IOException, SourceException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(left.compareTo(config.requestTimeout()) < 0 ? left : config.requestTimeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json, text/csv;q=0.9, */*;q=0.5")
                .GET()
                .build();
        try {
            concurrency.acquire();
            try {
                awaitRateSlot();
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } finally {
                concurrency.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(config.name() + " call was interrupted");
        }
    }

    /** Spaces requests at least minInterval apart across all threads. */
    private void awaitRateSlot() throws InterruptedException {
        long waitNanos;
        synchronized (rateLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + config.minInterval().toNanos();
            waitNanos = slot - now;
        }
        if (waitNanos > 0) Thread.sleep(Duration.ofNanos(waitNanos));
    }

    private void backoff(int attempt, String retryAfter, Instant deadline) throws SourceException {
        long exponential = config.baseBackoff().toMillis() << Math.min(attempt, 10);
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, exponential / 4));
        Duration wait = Duration.ofMillis(exponential + jitter);
        Duration asked = parseRetryAfter(retryAfter);
        if (asked != null && asked.compareTo(wait) > 0) wait = asked;
        if (Instant.now().plus(wait).isAfter(deadline)) {
            throw new SourceException(config.name() + " asked us to wait past our time budget");
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(config.name() + " call was interrupted");
        }
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static final class WrappedSourceException extends RuntimeException {
        final SourceException source;

        WrappedSourceException(SourceException source) {
            super(source.getMessage(), null, false, false);
            this.source = source;
        }
    }
}
