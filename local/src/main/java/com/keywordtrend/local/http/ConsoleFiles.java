package com.keywordtrend.local.http;

import com.keywordtrend.local.LocalRunnerException;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The web console (console/), served on the API's origin as CloudFront serves it in AWS: a fixed
 * list of files, never a path from the request, so nothing outside it can be read. Chart.js comes
 * from console/node_modules (pinned by console/package-lock.json, installed by the build).
 */
public final class ConsoleFiles {
    /** Scripts and styles from this origin only; images drawn by the page (canvas exports) too. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private record File(Path path, String contentType) {
    }

    private final Map<String, File> files;

    private ConsoleFiles(Map<String, File> files) {
        this.files = files;
    }

    /** The console of the project at {@code root}; throws when it or its chart library is missing. */
    public static ConsoleFiles of(Path root) {
        Path console = root.resolve("console");
        Path chart = console.resolve("node_modules/chart.js/dist/chart.umd.min.js");
        if (!Files.isRegularFile(chart)) {
            throw new LocalRunnerException("the console's chart library is not installed at " + chart
                    + ": run 'mvn -q install -DskipTests' (its npm ci step installs it) or 'npm ci --prefix console'");
        }
        File index = new File(console.resolve("index.html"), "text/html; charset=utf-8");
        return new ConsoleFiles(Map.of(
                "/", index,
                "/index.html", index,
                "/app.js", new File(console.resolve("app.js"), "text/javascript; charset=utf-8"),
                "/style.css", new File(console.resolve("style.css"), "text/css; charset=utf-8"),
                "/vendor/chart.umd.min.js", new File(chart, "text/javascript; charset=utf-8")));
    }

    boolean serves(String path) {
        return files.containsKey(path);
    }

    /** GET or HEAD of one of the files, gzipped when the browser accepts it. */
    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            var headers = exchange.getResponseHeaders();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            File file = files.get(exchange.getRequestURI().getPath());
            byte[] body = Files.readAllBytes(file.path());
            String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip")) {
                body = gzip(body);
                headers.set("Content-Encoding", "gzip");
            }
            headers.set("Content-Type", file.contentType());
            headers.set("Cache-Control", "no-cache");
            headers.set("Vary", "Accept-Encoding");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }
}
