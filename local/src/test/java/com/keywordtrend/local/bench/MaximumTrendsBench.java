package com.keywordtrend.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.local.LocalRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trends jobs at the documented maximum through the runner: each brings an export of 50 keywords ×
 * 600 days (30,000 values, ~100 KB; its result ~220 KB), all started at once. Every job is polled to
 * its end; the bench prints the outcomes, the stream polls that failed and the trends processor's
 * heap peak (its HeapPeak metric) against its 2 GB function's heap. Run by
 * {@code bash local/bench.sh MaximumTrendsBench [jobs]} (default 250).
 */
public final class MaximumTrendsBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        Path root = Path.of("").toAbsolutePath();
        Path log = Files.createTempFile("maximum-trends", ".log");
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Options().projectRoot(root).apiPort(0)
                .parameter("SourcesOffline", "true").parameter("MaxJobsInFlightPerClient", "0")
                .functionOutput(ProcessBuilder.Redirect.appendTo(log.toFile())))) {
            HttpClient http = HttpClient.newHttpClient();
            URI trends = runner.apiBase().resolve("/trends");
            String body = maximumStart();
            long started = System.nanoTime();
            List<Future<String>> starts = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < jobs; i++) starts.add(clients.submit(() -> JSON.readTree(post(http, trends, body)).get("job_id").asText()));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> start : starts) ids.add(start.get());
            System.out.printf("MAXIMUM %d starts in %.1f s%n", jobs, (System.nanoTime() - started) / 1e9);
            Map<String, Integer> outcomes = new TreeMap<>();
            for (String id : ids) {
                String status = "";
                for (long until = System.nanoTime() + Duration.ofMinutes(20).toNanos(); System.nanoTime() < until; Thread.sleep(500)) {
                    status = JSON.readTree(post(http, trends, "{\"job_id\":\"" + id + "\"}")).path("status").asText();
                    if (status.equals("COMPLETED") || status.equals("FAILED")) break;
                }
                outcomes.merge(status, 1, Integer::sum);
            }
            System.out.printf("MAXIMUM outcomes %s after %.1f s; stream polls that failed: %d%n", outcomes,
                    (System.nanoTime() - started) / 1e9, runner.failedPolls());
            Thread.sleep(5_000); // the last invocation's metrics are written after its jobs
            double heapMb = 2048 * 0.85;
            double peak = heapPeak(log, "trends");
            System.out.printf("MAXIMUM trends processor heap peak %.0f MB of %.0f MB (%.0f %%)%n", peak, heapMb, 100 * peak / heapMb);
        }
    }

    /** 50 keywords × 600 days: what the bounds allow (30,000 values) in a 160 KB export. */
    static String maximumStart() {
        StringBuilder csv = new StringBuilder("Day");
        var keywords = JSON.createArrayNode();
        for (int k = 0; k < 50; k++) {
            csv.append(",keyword ").append(k);
            keywords.add("keyword " + k);
        }
        csv.append('\n');
        LocalDate day = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < 600; i++) {
            csv.append(day.plusDays(i));
            for (int k = 0; k < 50; k++) csv.append(',').append((int) (50 + 40 * Math.sin(i / 30.0 + k)) + (i * 7 + k * 13) % 9);
            csv.append('\n');
        }
        var body = JSON.createObjectNode().put("industry", "bench");
        body.set("keywords", keywords);
        body.put("series_csv", csv.toString());
        return body.toString();
    }

    static double heapPeak(Path log, String jobType) throws Exception {
        Pattern peak = Pattern.compile("\"HeapPeak\":([0-9.]+)");
        double highest = -1;
        for (String line : Files.readAllLines(log)) {
            if (!line.contains("\"JobType\":\"" + jobType + "\"")) continue;
            Matcher m = peak.matcher(line);
            if (m.find()) highest = Math.max(highest, Double.parseDouble(m.group(1)));
        }
        return highest;
    }

    static String post(HttpClient http, URI uri, String body) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 200 || attempt >= 5) return reply.body();
            Thread.sleep(2_000); // a 503 while the store is busy: as the client does
        }
    }
}
