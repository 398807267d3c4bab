package com.keywordtrend.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The runner's HTTP servers (API Gateway, the IAM gateways, each environment's Runtime API, the
 * credentials endpoint): on 127.0.0.1 only, each exchange on a virtual thread of its own.
 */
public final class LoopbackServer {
    private LoopbackServer() {
    }

    /** Serves {@code handler} under {@code path} on {@code port} (0: a free one the system picks). */
    public static HttpServer start(int port, int backlog, String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(path, handler);
        server.start();
        return server;
    }

    /** Its base URL, http://127.0.0.1:PORT. */
    public static String endpoint(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
