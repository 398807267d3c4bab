package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Defects seen when the project was tried as a new user would, each shown fixed through the runner
 * with the real engines: the live sources are on, and all of them point at a port nothing listens on.
 */
class FirstUseDefectsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String NOWHERE = "http://127.0.0.1:9";

    static final Path LOG = Path.of("target/function-logs/FirstUseDefectsTest.log");
    static LocalRunner runner;
    static ApiClient api;
    /** Where this run's lines start in the function log (it is appended to across runs). */
    static long logStart;

    @BeforeAll
    static void start() throws Exception {
        logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        // nothing listens there: paced 250 ms apart, a keyword job's ~50 tries of the autocomplete source took 12 s
        runner = LocalRunner.start(TestRunners.live("FirstUseDefectsTest", Map.of("DATAMUSE_URL", NOWHERE, "WIKIPEDIA_URL", NOWHERE,
                "AUTOCOMPLETE_URL", NOWHERE, "WIKIMEDIA_URL", NOWHERE, "GDELT_URL", NOWHERE, "SOURCES_AUTOCOMPLETE_MIN_INTERVAL_MS", "0")));
        api = new ApiClient(runner.apiBase());
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void a_trends_job_whose_sources_cannot_be_reached_says_so_and_reports_them() throws Exception {
        String id = api.start("/trends", "{\"industry\":\"healthcare\",\"keywords\":[\"telehealth\",\"medical imaging\"]}");
        JsonNode job = api.awaitFinal("/trends", id, Duration.ofSeconds(90));
        assertEquals("FAILED", job.get("status").asText());
        String message = job.get("message").asText();
        assertTrue(message.startsWith("The interest sources could not be reached"), message);
        assertFalse(message.contains("No interest data was found"), message);
        assertEquals(2, job.get("sources").size(), job.toString());
        job.get("sources").forEach(source -> assertEquals("source failed", source.get("status").asText()));
    }

    @Test
    void bodies_that_are_not_utf8_or_carry_trailing_garbage_are_400_and_start_nothing() throws Exception {
        int invocations = runner.function("OrchestrateProcessorFunction").orElseThrow().invocations();
        byte[] latin1 = "{\"industry\":\"café\",\"usp\":\"y\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> notUtf8 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                runner.apiBase().resolve("/orchestrate")).POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notUtf8.statusCode());
        assertEquals("Request body is not valid UTF-8", ApiClient.JSON.readTree(notUtf8.body()).get("message").asText());
        HttpResponse<String> trailing = api.post("/orchestrate", "{\"industry\":\"x\",\"usp\":\"y\"} xyz");
        assertEquals(400, trailing.statusCode());
        assertEquals("Request body is not valid JSON", ApiClient.JSON.readTree(trailing.body()).get("message").asText());
        // a later job's record reaches the processor; neither refused body wrote one
        api.awaitFinal("/orchestrate", api.start("/orchestrate", "{\"industry\":\"healthcare\",\"usp\":\"AI\"}"),
                Duration.ofSeconds(90));
        assertEquals(invocations + 1, runner.function("OrchestrateProcessorFunction").orElseThrow().invocations());
    }

    @Test
    void every_log_line_names_its_service_and_a_processors_lines_its_invocation() throws Exception {
        api.awaitFinal("/orchestrate", api.start("/orchestrate", "{\"industry\":\"retail\",\"usp\":\"same-day delivery\"}"),
                Duration.ofSeconds(90));
        List<JsonNode> lines = Files.readAllLines(Path.of("target/function-logs/FirstUseDefectsTest.log")).stream()
                .filter(line -> line.startsWith("{")).map(FirstUseDefectsTest::json)
                .filter(line -> !line.has("_aws")) // metrics in the embedded metric format, not log lines
                .toList();
        assertFalse(lines.isEmpty());
        for (JsonNode line : lines) {
            String service = line.path("service").asText();
            assertFalse(service.isEmpty() || service.equals("service_undefined"), line.toString());
        }
        List<JsonNode> processorLines = lines.stream().filter(l -> l.path("service").asText().equals("orchestrate-processor")
                && l.has("job_id")).toList();
        assertFalse(processorLines.isEmpty());
        processorLines.forEach(line -> {
            assertEquals("OrchestrateProcessorFunction", line.path("function_name").asText(), line.toString());
            assertFalse(line.path("function_request_id").asText().isEmpty(), line.toString());
        });
    }

    @Test
    void the_readmes_trends_job_from_a_csv_file_works_as_pasted() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("jq -Rs '{");
        assertTrue(at > 0, "the README gives a trends job from a CSV file");
        String command = readme.substring(at, readme.indexOf("\n```", at)).replace("127.0.0.1:3000", "127.0.0.1:" + runner.apiBase().getPort());
        Process shell = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String reply = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.waitFor(), reply);
        JsonNode started = ApiClient.JSON.readTree(reply);
        assertEquals("PENDING", started.path("status").asText(), reply);
        JsonNode job = api.awaitFinal("/trends", started.path("job_id").asText(), Duration.ofSeconds(90));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals(18, job.path("timeline").size(), "every month of the export");
        assertEquals(2, job.path("insights").size(), job.toString());
    }

    @Test
    void function_environments_start_without_a_gpu_warning_or_a_picked_up_line() throws Exception {
        api.awaitFinal("/orchestrate", api.start("/orchestrate", "{\"industry\":\"bakery\",\"usp\":\"sourdough\"}"),
                Duration.ofSeconds(90)); // the processor has loaded its model and tokenizer
        byte[] all = Files.readAllBytes(LOG);
        String log = new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
        assertTrue(log.contains("orchestrate-processor"), "this run's lines");
        assertFalse(log.contains("Failed to detect GPU count"), "DJL's search for a GPU Lambda never has");
        assertFalse(log.contains("Picked up JAVA_TOOL_OPTIONS"), "the JVM's notice, once per environment");
    }

    @Test
    void the_repository_describes_its_own_contract() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("docs/contract.md")).startsWith("# The contract"));
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("](docs/contract.md)"), "the landing page links it");
        assertTrue(Files.exists(ROOT.resolve("api/openapi.yaml")));
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> citing = files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")
                            && !f.toString().contains("/.git/"))
                    .filter(f -> f.toString().matches(".*\\.(java|md|yaml|xml|sh)$"))
                    .filter(f -> !f.getFileName().toString().equals("FirstUseDefectsTest.java"))
                    .filter(f -> read(f).contains("CONTRACT" + ".md"))
                    .toList();
            assertEquals(List.of(), citing, "files citing a contract document the repository does not have");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static JsonNode json(String line) {
        try {
            return ApiClient.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
