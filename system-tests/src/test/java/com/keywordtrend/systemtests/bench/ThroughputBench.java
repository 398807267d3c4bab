package com.keywordtrend.systemtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.local.LocalRunner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trends jobs through the local runner (one shard, as a new table has), with the live sources at a
 * local server that answers every call after a delay, as a slow public API would: N jobs of 5
 * keywords started at once, all awaited; then the same N again, whose answers are all in the shared
 * source cache. Prints, per run: jobs/s from the first start to the last finish, p50/p99 job time
 * (created → finished), the trends processor's peak heap (its HeapPeak metric), and the calls the
 * sources got. Run by system-tests/throughput.sh N [delay ms].
 */
public final class ThroughputBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int KEYWORDS = 5;
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        int environments = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path root = Path.of("").toAbsolutePath();
        Path log = root.resolve("local/target/throughput-functions.log");
        Files.deleteIfExists(log);
        AtomicLong calls = new AtomicLong();
        HttpServer sources = slowSources(delayMillis, calls);
        String base = "http://127.0.0.1:" + sources.getAddress().getPort();
        Map<String, String> settings = new HashMap<>(Map.of("WIKIPEDIA_URL", base, "WIKIMEDIA_URL", base,
                "DATAMUSE_URL", base, "AUTOCOMPLETE_URL", base, "GDELT_URL", base,
                // the bounds kept for the public APIs, raised for this local server (and only for it)
                "SOURCES_WIKIMEDIA_IN_FLIGHT", "5000", "SOURCES_WIKIPEDIA_MIN_INTERVAL_MS", "0", "SOURCES_PAGEVIEWS_MIN_INTERVAL_MS", "0"));
        System.out.printf("%d trends jobs of %d keywords, every source call answered after %d ms%n", n, KEYWORDS, delayMillis);
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Options().projectRoot(root).apiPort(0).maxEnvironments(environments)
                .parameter("SourcesOffline", "false").parameter("SourcesContact", "bench@example.org")
                .parameter("MaxJobsInFlightPerClient", "0") // one anonymous client starts all 1,000
                .runnerEnvironment(settings).functionOutput(ProcessBuilder.Redirect.appendTo(log.toFile())))) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            for (String run : List.of("first run", "same jobs again")) {
                long before = calls.get();
                Map<String, Double> cpuBefore = cpuSeconds();
                long began = System.nanoTime();
                Result result = run(http, runner.apiBase(), n);
                double wallSeconds = (System.nanoTime() - began) / 1e9;
                Map<String, Double> cpu = cpuSeconds();
                System.out.printf("%s: %d COMPLETED, %d FAILED; %.1f jobs/s (%.1f s from first start to last finish), "
                                + "%.1f jobs/s sustained (10th to 90th percentile of the finishes); "
                                + "job time p50 %.1f s, p99 %.1f s; the %d starts took %.1f s; source calls %d%n",
                        run, result.completed, result.failed, n / result.seconds, result.seconds, result.sustained, result.p50, result.p99,
                        n, result.startSeconds, calls.get() - before);
                StringBuilder shares = new StringBuilder();
                cpu.forEach((role, seconds) -> shares.append(shares.isEmpty() ? "" : ", ").append(role).append(' ')
                        .append(String.format("%.0f s", seconds - cpuBefore.getOrDefault(role, 0.0))));
                System.out.printf("  CPU time during it (%.0f s from the first start to the last poll): %s%n", wallSeconds, shares);
            }
            System.out.printf("trends processor: peak heap %.0f MB (HeapPeak, the most of any invocation); jobs per invocation up to %d%n",
                    maxOf(log, "\"HeapPeak\""), (long) maxOf(log, "\"JobsStarted\""));
        } finally {
            sources.stop(0);
        }
    }

    /** {@code sustained}: jobs/s between the 10th and the 90th percentile of the finishes, without the ramp and the tail. */
    record Result(int completed, int failed, double seconds, double p50, double p99, double startSeconds, double sustained) {
    }

    static Result run(HttpClient http, URI api, int n) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long startsBegan = System.nanoTime();
        try (ExecutorService starts = Executors.newFixedThreadPool(32)) {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int job = i;
                pending.add(starts.submit(() -> {
                    StringBuilder keywords = new StringBuilder();
                    for (int k = 0; k < KEYWORDS; k++) keywords.append(k == 0 ? "" : ",").append("\"bench topic ").append(job).append('-').append(k).append('"');
                    String body = "{\"industry\":\"bench\",\"granularity\":\"monthly\",\"keywords\":[" + keywords + "]}";
                    ids.add(JSON.readTree(send(http, HttpRequest.newBuilder(api.resolve("/trends"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)))).get("job_id").asText());
                    return null;
                }));
            }
            for (Future<?> f : pending) f.get();
        }
        double startSeconds = (System.nanoTime() - startsBegan) / 1e9;
        Set<String> mine = Set.copyOf(ids);
        Map<String, JsonNode> finished = new ConcurrentHashMap<>();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(30));
        while (finished.size() < n && Instant.now().isBefore(giveUp)) {
            Thread.sleep(1000);
            String cursor = null;
            do {
                String query = "/jobs?type=trends&limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
                JsonNode page = JSON.readTree(send(http, HttpRequest.newBuilder(api.resolve(query)).GET()));
                for (JsonNode job : page.path("jobs")) {
                    String status = job.path("status").asText();
                    if (mine.contains(job.path("job_id").asText()) && (status.equals("COMPLETED") || status.equals("FAILED"))) {
                        finished.put(job.path("job_id").asText(), job);
                    }
                }
                cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
            } while (cursor != null);
        }
        List<Double> times = new ArrayList<>();
        Instant first = Instant.MAX, last = Instant.MIN;
        List<Instant> finishes = new ArrayList<>();
        int completed = 0;
        for (JsonNode job : finished.values()) {
            Instant created = Instant.parse(job.get("created_at").asText());
            Instant updated = Instant.parse(job.get("updated_at").asText());
            if (created.isBefore(first)) first = created;
            if (updated.isAfter(last)) last = updated;
            finishes.add(updated);
            times.add(Duration.between(created, updated).toMillis() / 1000.0);
            if (job.path("status").asText().equals("COMPLETED")) completed++;
        }
        Collections.sort(times);
        double seconds = finished.isEmpty() ? Double.NaN : Duration.between(first, last).toMillis() / 1000.0;
        Collections.sort(finishes);
        int from = finishes.size() / 10, to = finishes.size() * 9 / 10;
        double sustained = to - from < 2 ? Double.NaN
                : (to - from) / (Duration.between(finishes.get(from), finishes.get(to)).toMillis() / 1000.0);
        return new Result(completed, finished.size() - completed, seconds, percentile(times, 50), percentile(times, 99), startSeconds, sustained);
    }

    static double percentile(List<Double> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        return response.body();
    }

    /**
     * CPU seconds so far of each part of the runner: the emulator (one process, serving one request
     * at a time), the API's and the processors' function JVMs, and this JVM (the runner's API server
     * and stream pollers, the source server, the bench's client).
     */
    static Map<String, Double> cpuSeconds() {
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        for (String role : List.of("emulator", "API functions", "processors", "runner, sources and client")) seconds.put(role, 0.0);
        seconds.put("runner, sources and client", cpu(ProcessHandle.current()));
        ProcessHandle.current().descendants().forEach(process -> {
            String command = process.info().commandLine().orElse("");
            String role = command.contains("dynoxide") ? "emulator"
                    : command.contains("com.keywordtrend.processors.") ? "processors"
                    : command.contains("com.keywordtrend.api.") ? "API functions" : null;
            if (role != null) seconds.merge(role, cpu(process), Double::sum);
        });
        return seconds;
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    /** The largest value of a metric in the functions' EMF log lines. */
    static double maxOf(Path log, String metric) throws IOException {
        double max = 0;
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("{") || !line.contains(metric)) continue;
            JsonNode value = JSON.readTree(line).path(metric.replace("\"", ""));
            if (value.isNumber()) max = Math.max(max, value.asDouble());
        }
        return max;
    }

    /** Wikipedia's opensearch and Wikimedia's monthly pageviews, each answered after {@code delayMillis}. */
    static HttpServer slowSources(long delayMillis, AtomicLong calls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
                answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String body;
        if (path.startsWith("/w/api.php")) {
            String search = "";
            for (String part : exchange.getRequestURI().getRawQuery().split("&")) {
                if (part.startsWith("search=")) search = URLDecoder.decode(part.substring(7), StandardCharsets.UTF_8);
            }
            body = JSON.writeValueAsString(List.of(search, List.of("Article " + search), List.of(""), List.of("")));
        } else if (path.startsWith("/api/rest_v1/metrics/pageviews/per-article/")) {
            String[] parts = path.split("/");
            String article = parts[parts.length - 4];
            LocalDate start = LocalDate.parse(parts[parts.length - 2].substring(0, 8), STAMP).withDayOfMonth(1);
            LocalDate end = LocalDate.parse(parts[parts.length - 1].substring(0, 8), STAMP);
            StringBuilder items = new StringBuilder();
            int i = 0;
            for (LocalDate month = start; !month.isAfter(end); month = month.plusMonths(1), i++) {
                long views = 1000 + Math.abs((article.hashCode() * 31L + i * 97L) % 500) + i * 10L;
                items.append(i == 0 ? "" : ",").append("{\"project\":\"en.wikipedia\",\"article\":\"").append(article)
                        .append("\",\"granularity\":\"monthly\",\"timestamp\":\"").append(STAMP.format(month)).append("00\",")
                        .append("\"access\":\"all-access\",\"agent\":\"user\",\"views\":").append(views).append('}');
            }
            body = "{\"items\":[" + items + "]}";
        } else {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
