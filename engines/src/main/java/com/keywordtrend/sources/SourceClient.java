package com.keywordtrend.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.Gzip;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.model.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way this project calls a public data source: a User-Agent with the operator's contact,
 * gzip, connect and request timeouts, retries of 429/5xx/timeouts (and of the throttling some APIs
 * send with status 200) with exponential backoff that honours Retry-After, the source's rate limit
 * and cap on requests in flight (shared by every client of one operator, such as Wikimedia's), and a
 * deadline no call outlives. With a {@link SourceCache}, a source's answers (and its "no data") are
 * kept for as long as the source's settings say and taken from there first. Each call is an X-Ray
 * subsegment and is counted in {@link SourceUsage}.
 */
public final class SourceClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Requests in flight per operator, shared by all clients of this execution environment. */
    private static final Map<String, Semaphore> OPERATOR_GATES = new ConcurrentHashMap<>();

    /**
     * @param minInterval    least time between two requests to this source (its rate limit)
     * @param maxConcurrency requests in flight at most, across all clients of the same operator
     * @param operator       who runs the API (clients of one operator share the in-flight cap); null: this client alone
     * @param maxRetries     retries after the first try
     * @param check          what an answer means beyond its status
     * @param cacheFor       how long an answer may be reused from the cache; null: never cached
     * @param maxBodyBytes   the most an answer may hold, as sent and once gunzipped: read no further
     */
    public record Config(String name, String userAgent, Duration connectTimeout, Duration requestTimeout,
                         Duration minInterval, int maxConcurrency, String operator, int maxRetries, Duration baseBackoff,
                         AnswerCheck check, Duration cacheFor, int maxBodyBytes) {
        /** An answer of every source here is a few hundred kilobytes at most (five years of daily pageviews). */
        public static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;


        public static Config defaults(String name, String userAgent) {
            return new Config(name, userAgent, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMillis(100),
                    4, null, 3, Duration.ofMillis(500), AnswerCheck.STATUS_ONLY, null, DEFAULT_MAX_BODY_BYTES);
        }

        public Config withMinInterval(Duration interval) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, interval, maxConcurrency, operator, maxRetries, baseBackoff, check, cacheFor, maxBodyBytes);
        }

        public Config withRequestTimeout(Duration timeout) {
            return new Config(name, userAgent, connectTimeout, timeout, minInterval, maxConcurrency, operator, maxRetries, baseBackoff, check, cacheFor, maxBodyBytes);
        }

        public Config withBackoff(Duration backoff) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, maxConcurrency, operator, maxRetries, backoff, check, cacheFor, maxBodyBytes);
        }

        /** At most {@code inFlight} requests at a time to this operator, from every client that names it. */
        public Config sharedWith(String operatorName, int inFlight) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, inFlight, operatorName, maxRetries, baseBackoff, check, cacheFor, maxBodyBytes);
        }

        /** At most {@code inFlight} requests at a time (to the operator, when the client shares one). */
        public Config withMaxInFlight(int inFlight) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, inFlight, operator, maxRetries, baseBackoff, check, cacheFor, maxBodyBytes);
        }

        public Config withCheck(AnswerCheck answerCheck) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, maxConcurrency, operator, maxRetries, baseBackoff, answerCheck, cacheFor, maxBodyBytes);
        }

        public Config withMaxBody(int bytes) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, maxConcurrency, operator, maxRetries, baseBackoff, check, cacheFor, bytes);
        }

        public Config cachedFor(Duration timeToLive) {
            return new Config(name, userAgent, connectTimeout, requestTimeout, minInterval, maxConcurrency, operator, maxRetries, baseBackoff, check, timeToLive, maxBodyBytes);
        }
    }

    /**
     * What an answer means beyond its HTTP status: some APIs report throttling or errors in the body
     * of a 200 (MediaWiki's {@code error} object, GDELT's plain-text notice).
     */
    @FunctionalInterface
    public interface AnswerCheck {
        /** @return null when the status says it all */
        Problem inspect(int status, String contentType, String body);

        AnswerCheck STATUS_ONLY = (status, contentType, body) -> null;
    }

    /**
     * @param throttled the source asks us to slow down: retried like a 429, then reported with {@code message}
     * @param message   a few words for the job's sources report
     */
    public record Problem(boolean throttled, String message) {
        public static Problem throttled(String message) {
            return new Problem(true, message);
        }

        public static Problem refused(String message) {
            return new Problem(false, message);
        }
    }

    private final Config config;
    private final SourceCache cache;
    private final HttpClient http;
    private final Semaphore concurrency;
    private final Object rateLock = new Object();
    private long nextSlotNanos = System.nanoTime();

    public SourceClient(Config config) {
        this(config, SourceCache.NONE);
    }

    public SourceClient(Config config, SourceCache cache) {
        this.config = config;
        this.cache = config.cacheFor() == null ? SourceCache.NONE : cache;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.concurrency = config.operator() == null ? new Semaphore(config.maxConcurrency(), true)
                : OPERATOR_GATES.computeIfAbsent(config.operator(), o -> new Semaphore(config.maxConcurrency(), true));
    }

    public String name() {
        return config.name();
    }

    /** How this client calls its source (what the settings made of its etiquette, for tests). */
    Config config() {
        return config;
    }

    /** A query or path value, percent-encoded (spaces as %20, valid in both). */
    public static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode getJson(URI uri, Instant deadline) throws SourceException {
        return read(uri, deadline, this::parseJson);
    }

    /** The body as JSON; an empty or unreadable one is a malformed answer. */
    public JsonNode parseJson(String body) throws SourceException {
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
        return read(uri, deadline, body -> body);
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(String body) throws SourceException;
    }

    /** The answer read from the cache, or asked of the source and kept when it reads well (or is "no data"). */
    private <T> T read(URI uri, Instant deadline, BodyReader<T> reader) throws SourceException {
        try {
            return Tracing.inSubsegment(config.name() + " GET", () -> {
                try {
                    return cachedOrFetched(uri, deadline, reader);
                } catch (SourceException e) {
                    throw new WrappedSourceException(e);
                }
            });
        } catch (WrappedSourceException e) {
            throw e.source;
        }
    }

    private <T> T cachedOrFetched(URI uri, Instant deadline, BodyReader<T> reader) throws SourceException {
        if (cache == SourceCache.NONE) return reader.read(fetch(uri, deadline));
        // the source and what was asked of it; the host is left out, so a test server shares the keys
        String key = config.name() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Optional<SourceCache.Entry> kept = cache.get(key);
        if (kept.isPresent()) {
            SourceUsage.cacheHit(config.name());
            if (kept.get().status() == 404) throw noData();
            return reader.read(kept.get().body());
        }
        SourceUsage.cacheMiss(config.name());
        String body;
        try {
            body = fetch(uri, deadline);
        } catch (SourceException e) {
            if (e.notFound()) cache.put(key, new SourceCache.Entry(404, ""), config.cacheFor());
            throw e;
        }
        T value = reader.read(body); // a malformed answer fails here, before it is kept
        cache.put(key, new SourceCache.Entry(200, body), config.cacheFor());
        return value;
    }

    private SourceException noData() {
        return new SourceException(config.name() + " has no data for this request", true);
    }

    private String fetch(URI uri, Instant deadline) throws SourceException {
        for (int attempt = 0; ; attempt++) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) throw new SourceException(config.name() + " ran out of its time budget");
            HttpResponse<byte[]> response;
            try {
                response = send(uri, deadline);
            } catch (CappedBody.TooLarge e) {
                throw tooLarge(); // asking again would bring the same
            } catch (HttpTimeoutException e) {
                if (attempt >= config.maxRetries()) throw new SourceException(config.name() + " timed out");
                backoff(attempt, null, deadline, config.name() + " timed out");
                continue;
            } catch (IOException e) {
                if (attempt >= config.maxRetries()) throw new SourceException(config.name() + " could not be reached");
                backoff(attempt, null, deadline, config.name() + " could not be reached");
                continue;
            }
            int status = response.statusCode();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String body = decode(response);
            Problem problem = config.check().inspect(status, contentType, body);
            if (problem == null && status == 429) problem = Problem.throttled(config.name() + " is rate limiting us");
            if (problem != null && problem.throttled()) {
                SourceUsage.throttled(config.name());
                if (attempt >= config.maxRetries()) throw new SourceException(problem.message());
                backoff(attempt, response.headers().firstValue("Retry-After").orElse(null), deadline, problem.message());
                continue;
            }
            if (problem != null) throw new SourceException(problem.message());
            if (status >= 200 && status < 300) return body;
            if (status == 404) throw noData();
            if (status >= 500) {
                if (attempt >= config.maxRetries()) throw new SourceException(config.name() + " failed with HTTP " + status);
                backoff(attempt, response.headers().firstValue("Retry-After").orElse(null), deadline, config.name() + " failed with HTTP " + status);
                continue;
            }
            if (status == 403) {
                // Wikimedia answers 403 to agents its User-Agent policy blocks
                throw new SourceException(config.name() + " refused the request (HTTP 403; check the contact in SOURCES_CONTACT)");
            }
            throw new SourceException(config.name() + " refused the request (HTTP " + status + ")");
        }
    }

    /**
     * One exchange, bounded end to end: the wait for the operator's gate and the rate limit's slot
     * by the job's deadline; headers and body together by the request timeout or what is left of
     * the deadline, the sooner ({@code HttpRequest.timeout} alone covers the headers only, and a
     * body sent a byte a second would hold the job); the body read no further than its cap.
     */
    private HttpResponse<byte[]> send(URI uri, Instant deadline) throws IOException, SourceException {
        try {
            if (!concurrency.tryAcquire(millisUntil(deadline), TimeUnit.MILLISECONDS)) {
                throw new SourceException(config.name() + " waited for its turn past its time budget");
            }
            try {
                awaitRateSlot(deadline);
                Duration exchange = Duration.ofMillis(Math.min(millisUntil(deadline), config.requestTimeout().toMillis()));
                if (exchange.toMillis() <= 0) throw new SourceException(config.name() + " ran out of its time budget");
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(exchange)
                        .header("User-Agent", config.userAgent())
                        .header("Accept", "application/json, text/csv;q=0.9, */*;q=0.5")
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build();
                SourceUsage.requested(config.name());
                CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new CappedBody(config.maxBodyBytes()));
                try {
                    return pending.get(exchange.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    pending.cancel(true); // closes the connection: the stalled body is read no further
                    throw new HttpTimeoutException(config.name() + " sent its answer too slowly");
                } catch (ExecutionException e) {
                    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                        if (cause instanceof CappedBody.TooLarge tooLarge) throw tooLarge;
                        if (cause instanceof Error error) throw error;
                    }
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException(config.name() + " exchange failed", e.getCause());
                }
            } finally {
                concurrency.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(config.name() + " call was interrupted");
        }
    }

    private static long millisUntil(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }

    private SourceException tooLarge() {
        return new SourceException(config.name() + " sent more than " + megabytes(config.maxBodyBytes()) + " MB");
    }

    static String megabytes(int bytes) {
        double mb = bytes / (double) (1 << 20);
        return mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(Locale.ROOT, "%.2f", mb);
    }

    /** The body as text: gunzipped (no further than the cap) when the server compressed it, in the charset it declares (UTF-8 by default). */
    private String decode(HttpResponse<byte[]> response) throws SourceException {
        byte[] bytes = response.body();
        if (response.headers().firstValue("Content-Encoding").map(e -> e.trim().equalsIgnoreCase("gzip")).orElse(false)) {
            try {
                bytes = Gzip.decompress(bytes, config.maxBodyBytes());
            } catch (Gzip.TooLarge e) {
                throw tooLarge();
            } catch (IOException e) {
                throw new SourceException(config.name() + " sent a malformed response");
            }
        }
        return new String(bytes, charset(response.headers()));
    }

    static Charset charset(HttpHeaders headers) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Spaces requests at least minInterval apart across all threads; a slot past the deadline is not waited for. */
    private void awaitRateSlot(Instant deadline) throws InterruptedException, SourceException {
        long waitNanos;
        synchronized (rateLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlotNanos);
            if ((slot - now) / 1_000_000 > millisUntil(deadline)) {
                throw new SourceException(config.name() + " waited for its turn past its time budget");
            }
            nextSlotNanos = slot + config.minInterval().toNanos();
            waitNanos = slot - now;
        }
        if (waitNanos > 0) Thread.sleep(Duration.ofNanos(waitNanos));
    }

    /**
     * Waits before the next try; when the wait would end past the deadline, gives up with what went
     * wrong: the source's own request to wait, or the last failure ({@code failure}).
     */
    private void backoff(int attempt, String retryAfter, Instant deadline, String failure) throws SourceException {
        long exponential = config.baseBackoff().toMillis() << Math.min(attempt, 10);
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, exponential / 4));
        Duration wait = Duration.ofMillis(exponential + jitter);
        Duration asked = parseRetryAfter(retryAfter);
        if (asked != null && asked.compareTo(wait) > 0) wait = asked;
        if (Instant.now().plus(wait).isAfter(deadline)) {
            throw new SourceException(asked != null && asked.equals(wait)
                    ? config.name() + " asked us to wait past our time budget" : failure);
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
