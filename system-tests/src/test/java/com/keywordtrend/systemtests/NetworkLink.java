package com.keywordtrend.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between the functions and DynamoDB, as a TCP relay that a test can cut. While cut,
 * every byte either way is dropped, as a partition drops packets: a request sent then is never
 * applied (a frozen emulator would only queue it and apply it on resume), and its caller times out.
 * Connections that lost bytes are closed when the link heals; idle ones carry on.
 */
final class NetworkLink implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /** A link from a free local port to 127.0.0.1:{@code targetPort}. */
    NetworkLink(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("link-accept").start(this::acceptLoop);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on every byte either way is dropped. */
    void cut() {
        cut = true;
    }

    /** Bytes flow again; the connections that lost some are closed (their HTTP framing is broken). */
    void heal() {
        cut = false;
        connections.stream().filter(c -> c.damaged).forEach(Connection::close);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Connection connection = new Connection(client, target);
                connections.add(connection);
                Thread.ofVirtual().start(() -> connection.pump(client, target));
                Thread.ofVirtual().start(() -> connection.pump(target, client));
            } catch (IOException e) {
                // closed, or the target refused: the caller sees its connection fail
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(Connection::close);
    }

    private final class Connection {
        private final Socket client;
        private final Socket target;
        private volatile boolean damaged;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (cut) {
                        damaged = true; // dropped on the floor
                    } else {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed or reset: the other side learns it below
            } finally {
                close();
            }
        }

        void close() {
            connections.remove(this);
            closeQuietly(client);
            closeQuietly(target);
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
