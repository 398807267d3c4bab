package com.keywordtrend.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server answering like a public API: per path, a queue of replies (status, headers,
 * body, optional delay), the last one repeated. Requests are recorded for assertions.
 */
public final class RecordedApi implements AutoCloseable {
    /**
     * @param byteGapMillis when above 0, the body goes out chunked, a byte at a time this far apart
     *                      (a source that stalls after its headers); {@link #RESET}: the connection
     *                      is closed without an answer
     */
    public record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis, long byteGapMillis) {
        static final long RESET = -1;

        public Reply(int status, Map<String, String> headers, byte[] body, long delayMillis) {
            this(status, headers, body, delayMillis, 0);
        }

        /** Headers at once, then the body a byte every {@code gapMillis}. */
        public Reply trickled(long gapMillis) {
            return new Reply(status, headers, body, delayMillis, gapMillis);
        }

        /** The connection closed as soon as the request is read: no status, no headers. */
        public static Reply reset() {
            return new Reply(0, Map.of(), new byte[0], 0, RESET);
        }

        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8), 0);
        }

        public static Reply fixture(String name) {
            try (InputStream in = RecordedApi.class.getResourceAsStream("/sources/" + name)) {
                if (in == null) throw new IllegalArgumentException("no fixture " + name);
                return new Reply(200, Map.of("Content-Type", "application/json; charset=utf-8"), in.readAllBytes(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A fixture answered with this status and these headers (which include its Content-Type). */
        public static Reply fixture(String name, int status, Map<String, String> headers) {
            return new Reply(status, headers, fixture(name).body(), 0);
        }

        /** This reply compressed, as a server sends it to a client that accepts gzip. */
        public Reply gzipped() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
                gzip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> withEncoding = new java.util.HashMap<>(headers);
            withEncoding.put("Content-Encoding", "gzip");
            return new Reply(status, Map.copyOf(withEncoding), out.toByteArray(), delayMillis);
        }

        public static Reply status(int status, Map<String, String> headers) {
            return new Reply(status, headers, "{}".getBytes(StandardCharsets.UTF_8), 0);
        }

        public static Reply text(String body, String contentType, Charset charset) {
            return new Reply(200, Map.of("Content-Type", contentType), body.getBytes(charset), 0);
        }

        public Reply delayed(long millis) {
            return new Reply(status, headers, body, millis);
        }

        public Reply withStatus(int newStatus) {
            return new Reply(newStatus, headers, body, delayMillis);
        }
    }

    public record Seen(String path, String query, String userAgent, String acceptEncoding, long atNanos) {
    }

    /** A request from its arrival to the end of its answer. */
    public record Answered(String path, long startNanos, long endNanos) {
    }

    /** Every answered request, in the order they finished. */
    public final List<Answered> answered = new CopyOnWriteArrayList<>();

    /** The most requests matching {@code paths} that were being answered at one time. */
    public int maxInFlight(java.util.function.Predicate<String> paths) {
        List<long[]> events = new java.util.ArrayList<>();
        for (Answered a : answered) {
            if (!paths.test(a.path())) continue;
            events.add(new long[] {a.startNanos(), 1});
            events.add(new long[] {a.endNanos(), -1});
        }
        events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1])); // ends before starts at a tie
        int now = 0, max = 0;
        for (long[] e : events) max = Math.max(max, now += (int) e[1]);
        return max;
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    /** In the order given: the first whose part the query holds answers. */
    private final Map<String, Deque<Reply>> byQuery = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    public final List<Seen> requests = new CopyOnWriteArrayList<>();
    private volatile long extraDelayMillis;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** The most requests this server was answering at one time. */
    public final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    public RecordedApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Replies for requests whose path starts with {@code pathPrefix}, in order; the last repeats. */
    public RecordedApi on(String pathPrefix, Reply... sequence) {
        replies.put(pathPrefix, new ArrayDeque<>(List.of(sequence)));
        return this;
    }

    /** Replies for requests whose query holds {@code queryPart} (checked before paths); the last repeats. */
    public RecordedApi onQuery(String queryPart, Reply... sequence) {
        byQuery.put(queryPart, new ArrayDeque<>(List.of(sequence)));
        return this;
    }

    /** Adds this delay to every reply (the concurrency benchmark's 200 ms). */
    public RecordedApi withLatency(long millis) {
        this.extraDelayMillis = millis;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        long started = System.nanoTime();
        long answering = 0; // taken before the answer is written: the client cannot have it earlier, nor ask again
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(new Seen(uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders().getFirst("User-Agent"),
                    exchange.getRequestHeaders().getFirst("Accept-Encoding"), System.nanoTime()));
            Reply reply = next(uri.getPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery());
            long delay = reply.delayMillis() + extraDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // the API's latency
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answering = System.nanoTime();
            // no longer in flight once the answer can reach the client: counted down after it was written, the
            // client's next request (one at a time) could arrive first and count as a second in flight
            inFlight.decrementAndGet();
            if (reply.byteGapMillis() == Reply.RESET) {
                exchange.getResponseBody().close(); // before any header: the client reads a closed connection
                return;
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (reply.byteGapMillis() > 0) {
                exchange.sendResponseHeaders(reply.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (byte b : reply.body()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(reply.byteGapMillis());
                    }
                } catch (IOException | InterruptedException e) {
                    // the client gave up on the stalled body, as it should
                }
                return;
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            } catch (IOException e) {
                // the client gave up (a timeout test)
            }
        } finally {
            if (answering != 0) answered.add(new Answered(exchange.getRequestURI().getPath(), started, answering));
            else inFlight.decrementAndGet(); // it never answered (interrupted)
        }
    }

    private Reply next(String path, String query) {
        synchronized (byQuery) {
            for (Map.Entry<String, Deque<Reply>> entry : byQuery.entrySet()) {
                if (query.contains(entry.getKey())) return take(entry.getValue());
            }
        }
        String best = null;
        for (String prefix : replies.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) best = prefix;
        }
        if (best == null) return Reply.status(404, Map.of());
        return take(replies.get(best));
    }

    private static Reply take(Deque<Reply> queue) {
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
