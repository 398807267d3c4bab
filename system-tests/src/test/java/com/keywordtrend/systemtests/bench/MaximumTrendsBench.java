package com.keywordtrend.systemtests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.systemtests.FiveYearsOfPageviews;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.model.JobLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Trends jobs at the documented maximum through the runner: each asks for 50 keywords of 100
 * characters over five years of days (91,350 values, read from a local server answering as
 * Wikimedia's pageviews API; its result ~10 MB of JSON, in the results bucket), all started at
 * once. Every job is polled to its end; the bench prints the outcomes, the stream polls that failed
 * and the trends processor's heap (its HeapPeak and HeapLive metrics) against its 2 GB function's heap. Run
 * by {@code bash system-tests/bench.sh MaximumTrendsBench [jobs]} (default 60).
 */
public final class MaximumTrendsBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path root = Path.of("").toAbsolutePath();
        Path log = Files.createTempFile("maximum-trends", ".log");
        try (FiveYearsOfPageviews wikimedia = new FiveYearsOfPageviews();
             LocalRunner runner = LocalRunner.start(new LocalRunner.Options().projectRoot(root).apiPort(0)
                .parameter("SourcesOffline", "false").parameter("SourcesContact", "keyword-trend-bench@example.org")
                .runnerEnvironment(wikimedia.sourceSettings()).parameter("MaxJobsInFlightPerClient", "0")
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
            double peak = highest(log, "trends", "HeapPeak");
            double live = highest(log, "trends", "HeapLive");
            System.out.printf("MAXIMUM trends processor heap of %.0f MB: pools' peaks %.0f MB (%.0f %%, garbage included),"
                    + " in use after a collection %.0f MB at most (%.0f %%)%n", heapMb, peak, 100 * peak / heapMb, live, 100 * live / heapMb);
        }
    }

    /** 50 keywords of 100 characters over five years of days: what the bounds allow (91,350 values, the longest names). */
    static String maximumStart() {
        return FiveYearsOfPageviews.start(JobLimits.MAX_TREND_KEYWORDS, JobLimits.MAX_KEYWORD_LENGTH).toString();
    }

    /** The highest value of {@code metric} the processor of {@code jobType} logged, or -1. */
    static double highest(Path log, String jobType, String metric) throws Exception {
        Pattern peak = Pattern.compile("\"" + metric + "\":([0-9.]+)");
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
