package com.keywordtrend.local.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's stand-in for the X-Ray daemon and service: it listens where the X-Ray SDK sends
 * segments (UDP, the daemon's protocol: a JSON header line, then the segment document), keeps the
 * latest traces in memory, and adds the one segment per invocation that Lambda itself would record
 * (the SDK in Lambda only sends subsegments under it). {@link #tracesOf} finds a job's traces by the
 * {@code job_id} annotation our code puts on its subsegments.
 */
public final class TraceCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceCollector.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the X-Ray daemon listens, and Lambda's AWS_XRAY_DAEMON_ADDRESS points. */
    static final int DAEMON_PORT = 2000;
    static final int MAX_TRACES = 2_000;
    private static final int MAX_DATAGRAM = 64 * 1024;

    /** One invocation's segment: its trace header goes to the runtime, its times to the trace. */
    public record Span(String traceId, String id, String functionName, double startTime) {
        /** A new trace, as Lambda starts one per invocation: a root id (time and 96 random bits) and a segment id. */
        public static Span start(String functionName) {
            var random = ThreadLocalRandom.current();
            byte[] id = new byte[12];
            byte[] parent = new byte[8];
            random.nextBytes(id);
            random.nextBytes(parent);
            String traceId = "1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id);
            return new Span(traceId, HexFormat.of().formatHex(parent), functionName, seconds());
        }

        /** The Lambda-Runtime-Trace-Id header: sampled ones are recorded and sent to the daemon. */
        public String header(boolean sampled) {
            return "Root=" + traceId + ";Parent=" + id + ";Sampled=" + (sampled ? 1 : 0);
        }
    }

    private final DatagramSocket socket;
    private final Map<String, List<JsonNode>> documentsByTrace = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<JsonNode>> eldest) {
            return size() > MAX_TRACES;
        }
    };

    private TraceCollector(DatagramSocket socket) {
        this.socket = socket;
        Thread.ofPlatform().daemon().name("trace-collector").start(this::receive);
    }

    /** Listens on 127.0.0.1:2000, or on a free port when another daemon (or runner) has it. */
    public static TraceCollector start() throws SocketException {
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), DAEMON_PORT));
        } catch (SocketException e) {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        return new TraceCollector(socket);
    }

    /** host:port for AWS_XRAY_DAEMON_ADDRESS. */
    public String daemonAddress() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Records the invocation's own segment, as the Lambda service would. */
    public void end(Span span, boolean succeeded) {
        ObjectNode segment = JSON.createObjectNode()
                .put("name", span.functionName())
                .put("id", span.id())
                .put("trace_id", span.traceId())
                .put("start_time", span.startTime())
                .put("end_time", seconds())
                .put("origin", "AWS::Lambda::Function");
        if (!succeeded) segment.put("fault", true);
        add(segment);
    }

    private static double seconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private void receive() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n'); // the daemon protocol's header line comes first
                add(JSON.readTree(newline < 0 ? text : text.substring(newline + 1)));
            } catch (IOException e) {
                if (!socket.isClosed()) LOG.debug("an unreadable segment was dropped: {}", e.getMessage());
            }
        }
    }

    private void add(JsonNode document) {
        String traceId = document.path("trace_id").asText(null);
        if (traceId == null) return;
        synchronized (documentsByTrace) {
            documentsByTrace.computeIfAbsent(traceId, t -> new ArrayList<>()).add(document);
        }
    }

    /**
     * The traces in which {@code jobId} appears, oldest first, each as a flat list of its segments
     * and subsegments: {@code {"traces": [{"trace_id", "segments": [{"id", "parent_id", "name",
     * "start_time", "end_time", "error"?, "fault"?}]}]}}.
     */
    public ObjectNode tracesOf(String jobId) {
        List<Map.Entry<String, List<JsonNode>>> traces;
        synchronized (documentsByTrace) {
            traces = documentsByTrace.entrySet().stream().map(e -> Map.entry(e.getKey(), List.copyOf(e.getValue()))).toList();
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode found = result.putArray("traces");
        for (Map.Entry<String, List<JsonNode>> trace : traces) {
            List<ObjectNode> rows = new ArrayList<>();
            boolean mentionsJob = false;
            for (JsonNode document : trace.getValue()) {
                mentionsJob |= flatten(document, document.path("parent_id").asText(null), rows, jobId);
            }
            if (!mentionsJob) continue;
            rows.sort(java.util.Comparator.comparingDouble(r -> r.path("start_time").asDouble()));
            ObjectNode entry = found.addObject().put("trace_id", trace.getKey());
            rows.forEach(entry.putArray("segments")::add);
        }
        return result;
    }

    /** Adds {@code document} and its nested subsegments to {@code rows}; true when one carries the job's annotation. */
    private static boolean flatten(JsonNode document, String parentId, List<ObjectNode> rows, String jobId) {
        String name = document.path("name").asText("?");
        String operation = document.path("aws").path("operation").asText("");
        ObjectNode row = JSON.createObjectNode()
                .put("id", document.path("id").asText())
                .put("name", operation.isEmpty() ? name : name + " " + operation)
                .put("start_time", document.path("start_time").asDouble())
                .put("end_time", document.path("end_time").asDouble(document.path("start_time").asDouble()));
        if (parentId != null) row.put("parent_id", parentId);
        if (document.path("error").asBoolean(false)) row.put("error", true);
        if (document.path("fault").asBoolean(false)) row.put("fault", true);
        rows.add(row);
        boolean mentions = jobId.equals(document.path("annotations").path("job_id").asText(null));
        for (JsonNode child : document.path("subsegments")) {
            mentions |= flatten(child, document.path("id").asText(), rows, jobId);
        }
        return mentions;
    }

    @Override
    public void close() {
        socket.close();
    }
}
