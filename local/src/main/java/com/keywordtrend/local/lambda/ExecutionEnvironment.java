package com.keywordtrend.local.lambda;

import com.keywordtrend.local.ChildProcess;
import com.keywordtrend.local.http.ApiServer;
import com.keywordtrend.local.http.LoopbackServer;
import com.keywordtrend.local.trace.TraceCollector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment of a function: a JVM started through the official runtime interface
 * client, and the Lambda Runtime API it polls (its own port), one invocation at a time. A timeout
 * kills the process, as Lambda does; a process that dies fails its invocation.
 */
public final class ExecutionEnvironment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Where the runtime interface client loads its JNI library from when told, instead of its fixed /tmp path. */
    private static final String NATIVE_CLIENT_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String NATIVE_CLIENT = ".libaws-lambda-jni.so";
    /** The client's JNI library for this machine, read from its jar once per runtime classpath. */
    private static final Map<String, byte[]> NATIVE_CLIENTS = new ConcurrentHashMap<>();

    private record Invocation(String requestId, String event, long deadlineMillis, String traceHeader,
                              CompletableFuture<String> result) {
    }

    private final String functionName;
    private final TraceCollector traces;
    private final HttpServer runtimeApi;
    private final LinkedBlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    /** Completes when the runtime asks for its first invocation: init (and any SnapStart priming) is done. */
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private volatile ChildProcess process;
    private volatile boolean closed;
    private Path tmp;

    private ExecutionEnvironment(String functionName, TraceCollector traces) throws IOException {
        this.functionName = functionName;
        this.traces = traces;
        runtimeApi = LoopbackServer.start(0, 8, PREFIX, this::handle);
    }

    /**
     * Starts an environment: {@code java} with {@code jvmOptions} running the runtime interface
     * client on {@code classpath} (its own, and the function's jars with an AOT cache), with {@code environment} plus
     * this environment's Runtime API.
     */
    static ExecutionEnvironment start(String functionName, String handler, List<String> jvmOptions, String classpath,
                                      Map<String, String> environment, ProcessBuilder.Redirect output, TraceCollector traces)
            throws IOException {
        ExecutionEnvironment env = new ExecutionEnvironment(functionName, traces);
        try {
            Map<String, String> variables = new java.util.LinkedHashMap<>(environment);
            variables.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + env.runtimeApi.getAddress().getPort());
            variables.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
            // each environment has a /tmp of its own, as in Lambda, with the runtime's native client in it
            env.tmp = Files.createTempDirectory("lambda-" + functionName + "-");
            variables.put("TMPDIR", env.tmp.toString());
            Path nativeClient = Files.write(env.tmp.resolve(NATIVE_CLIENT), nativeClient(classpath));
            List<String> command = java(jvmOptions, variables);
            command.add("-Djava.io.tmpdir=" + env.tmp);
            command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
            command.addAll(List.of("-cp", classpath, RIC_MAIN, handler));
            // Lambda starts the runtime in the task root, where the runtime looks for the function's classes
            env.process = ChildProcess.start(command, variables, output, Path.of(environment.get("LAMBDA_TASK_ROOT")));
            env.process.onExit().thenRun(env::died);
            return env;
        } catch (IOException | RuntimeException e) {
            env.close();
            throw e;
        }
    }

    /**
     * {@code java} with {@code jvmOptions} and the function's JAVA_TOOL_OPTIONS, which leave {@code variables}: the
     * JVM announces "Picked up JAVA_TOOL_OPTIONS" on stderr when it reads them from the environment, and the same
     * options on its command line act the same without a line per environment on the terminal.
     */
    static List<String> java(List<String> jvmOptions, Map<String, String> variables) {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        String toolOptions = variables.remove("JAVA_TOOL_OPTIONS");
        if (toolOptions != null && !toolOptions.isBlank()) command.addAll(List.of(toolOptions.strip().split("\\s+")));
        return command;
    }

    /**
     * The runtime interface client's JNI library for this machine, from its jar on {@code classpath}. Left to
     * itself, the client unpacks it to the fixed path /tmp/.libaws-lambda-jni.so: in Lambda every environment
     * has its own /tmp, here they share the machine's, and a JVM rewriting the file while another maps it
     * crashes the other (SIGBUS). Serialising starts in one runner did not cover runners in other processes (a
     * parallel test fork, a training): a training JVM died so. Each environment gets its own copy instead.
     */
    private static byte[] nativeClient(String classpath) throws IOException {
        byte[] library = NATIVE_CLIENTS.get(classpath);
        if (library != null) return library;
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String entry = "jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
        for (String element : classpath.split(File.pathSeparator)) {
            if (!element.contains("aws-lambda-java-runtime-interface-client")) continue;
            try (ZipFile jar = new ZipFile(element)) {
                ZipEntry found = jar.getEntry(entry);
                if (found == null) continue;
                try (InputStream in = jar.getInputStream(found)) {
                    library = in.readAllBytes();
                }
            }
            NATIVE_CLIENTS.put(classpath, library);
            return library;
        }
        throw new IOException("no " + entry + " in a runtime interface client jar on the functions' classpath");
    }

    /** Waits for init to finish; false when the environment died or took longer than {@code timeout}. */
    boolean awaitInit(Duration timeout) {
        try {
            initialized.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.warn("{}: init did not finish within {} s; environment discarded", functionName, timeout.toSeconds());
            close();
            return false;
        } catch (Exception e) {
            return false;
        } 
    }

    /** False once closed (a kill is not instant) or once the process died. */
    boolean isAlive() {
        ChildProcess p = process;
        return !closed && p != null && p.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Runs one invocation: the response payload, or a function error (exception, crash, timeout). */
    String invoke(String event, Duration timeout) throws LocalFunction.FunctionErrorException {
        String requestId = UUID.randomUUID().toString();
        // sampled, and recorded as Lambda records the invocation, when the runner collects traces
        TraceCollector.Span span = TraceCollector.Span.start(functionName);
        Invocation invocation = new Invocation(requestId, event, System.currentTimeMillis() + timeout.toMillis(),
                span.header(traces != null), new CompletableFuture<>());
        boolean succeeded = false;
        inFlight.put(requestId, invocation);
        if (!isAlive()) invocation.result.completeExceptionally(new IllegalStateException("Runtime exited"));
        pending.add(invocation);
        try {
            String response = invocation.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            succeeded = true;
            return response;
        } catch (TimeoutException e) {
            close(); // Lambda stops a timed-out environment; its work in flight dies with it
            throw new LocalFunction.FunctionErrorException(
                    String.format("Task timed out after %.2f seconds", timeout.toMillis() / 1000.0));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LocalFunction.FunctionErrorException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LocalFunction.FunctionErrorException("invocation interrupted");
        } finally {
            inFlight.remove(requestId);
            pending.remove(invocation);
            if (traces != null) traces.end(span, succeeded);
        }
    }

    private void died() {
        initialized.completeExceptionally(new IllegalStateException("Runtime exited before init finished"));
        inFlight.values().forEach(i -> i.result.completeExceptionally(new IllegalStateException(
                "Runtime exited without providing a reason (Runtime.ExitError)")));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // SnapStart: the runtime has run its beforeCheckpoint hooks; Lambda would snapshot here
                respond(exchange, 200, "");
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                finish(exchange, path, true);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                finish(exchange, path, false);
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                String error = body(exchange);
                LOG.error("{}: init failed: {}", functionName, summary(error));
                initialized.completeExceptionally(new IllegalStateException("init failed"));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"unknown Runtime API path\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        initialized.complete(null);
        Invocation invocation = null;
        try {
            while (invocation == null) {
                if (!isAlive()) return; // the runtime is gone: nobody reads this answer
                invocation = pending.poll(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", LocalFunction.arn(functionName));
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceHeader());
        respond(exchange, 200, invocation.event());
    }

    private void finish(HttpExchange exchange, String path, boolean success) throws IOException {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        String body = body(exchange);
        Invocation invocation = inFlight.get(requestId);
        if (invocation == null) {
            respond(exchange, 400, "{\"errorMessage\":\"unknown or finished request id\"}");
            return;
        }
        if (success) {
            invocation.result.complete(body);
        } else {
            String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            invocation.result.completeExceptionally(new IllegalStateException(
                    (type == null ? "Unhandled" : type) + ": " + summary(body)));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The error's type and message from the runtime's error document, never its stack trace. */
    private static String summary(String errorDocument) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(errorDocument);
            return node.path("errorType").asText("?") + " " + node.path("errorMessage").asText("");
        } catch (IOException e) {
            return "(unreadable error document)";
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        ApiServer.respond(exchange, status, Map.of(), body);
    }

    private static String logStreamName() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", "");
    }

    /** SIGTERM, so that the JVM exits as it would on its own (writing what it writes at exit), then closes. */
    void stop(Duration grace) {
        closed = true;
        ChildProcess p = process;
        if (p != null) p.stop(grace.toSeconds());
        close();
    }

    @Override
    public void close() {
        closed = true;
        ChildProcess p = process;
        if (p != null) p.kill();
        runtimeApi.stop(0);
        if (tmp != null) {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // left for the OS to clean, as /tmp
            }
        }
    }
}
