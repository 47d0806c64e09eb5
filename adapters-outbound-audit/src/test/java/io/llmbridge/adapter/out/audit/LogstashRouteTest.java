package io.llmbridge.adapter.out.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbridge.domain.ChatRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The TCP route, against a plain server socket standing in for Logstash's tcp input. */
class LogstashRouteTest {
    private static final int GENEROUS_MILLIS = 30_000;
    private static final int PROBE_MILLIS = 200;

    @TempDir
    Path dir;

    private LogbackAuditLog open(int port, int bufferSize) {
        return LogbackAuditLog.open(new AuditSettings(new RollingFile(dir.resolve("audit.log"), 100_000_000, 1),
                new AuditSettings.Logstash("127.0.0.1", port, Duration.ofMillis(100), bufferSize), List.of()));
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server.setSoTimeout(GENEROUS_MILLIS);
        return server;
    }

    private static BufferedReader lines(Socket socket) throws IOException {
        socket.setSoTimeout(GENEROUS_MILLIS);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void events_arrive_as_json_lines_in_order() throws IOException {
        try (ServerSocket logstash = listen(0); LogbackAuditLog audit = open(logstash.getLocalPort(), 1024)) {
            List<ChatRecord> records = List.of(Records.success(), Records.refused(), Records.success());
            records.forEach(audit::record);
            try (Socket connection = logstash.accept(); BufferedReader in = lines(connection)) {
                for (ChatRecord record : records) {
                    JsonNode event = LogbackAuditLogTest.parse(in.readLine());
                    assertEquals(record.request().context().requestId(), event.get("llm.request_id").asText());
                    assertTrue(event.has("@timestamp"));
                }
            }
        }
    }

    @Test
    void after_logstash_drops_the_connection_the_audit_connects_again() throws IOException {
        try (ServerSocket logstash = listen(0); LogbackAuditLog audit = open(logstash.getLocalPort(), 1024)) {
            audit.record(Records.success());
            try (Socket first = logstash.accept(); BufferedReader in = lines(first)) {
                LogbackAuditLogTest.parse(in.readLine());
            }
            // Closed by "Logstash". An event written before the appender notices goes into the dead
            // connection and is lost (TCP without acknowledgements, as Logstash's tcp input is), so
            // probes are recorded until one arrives over a new connection.
            logstash.setSoTimeout(PROBE_MILLIS);
            long deadline = System.nanoTime() + GENEROUS_MILLIS * 1_000_000L;
            Socket second = null;
            try {
                while (second == null) {
                    audit.record(Records.success());
                    try {
                        second = logstash.accept();
                    } catch (SocketTimeoutException notYet) {
                        failAfter(deadline, "the audit did not connect again");
                    }
                }
                second.setSoTimeout(PROBE_MILLIS);
                BufferedReader in = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
                while (true) {
                    try {
                        JsonNode event = LogbackAuditLogTest.parse(in.readLine());
                        assertTrue(event.get("llm.request_id").asText().startsWith("req_"));
                        return;
                    } catch (SocketTimeoutException notYet) {
                        failAfter(deadline, "no event arrived over the new connection");
                        audit.record(Records.success());
                    }
                }
            } finally {
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static void failAfter(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            fail(what + " within " + GENEROUS_MILLIS + " ms");
        }
    }

    @Test
    void a_logstash_that_stops_reading_never_holds_up_a_request() throws IOException {
        String bulk = "x".repeat(1_000);
        try (ServerSocket logstash = listen(0); LogbackAuditLog audit = open(logstash.getLocalPort(), 64)) {
            // Accepted and never read: the socket's buffers fill, then the ring buffer, then events are dropped.
            try (Socket stuck = logstash.accept()) {
                assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
                    for (int i = 0; i < 10_000; i++) {
                        audit.record(Records.withContent(bulk, bulk));
                    }
                }, "recording blocked behind a stuck Logstash");
                assertTrue(audit.context().getStatusManager().getCopyOfStatusList().stream()
                        .anyMatch(status -> status.getMessage().contains("Dropped")), "events beyond the buffer are dropped");
            }
        }
    }

    @Test
    void with_tls_the_audit_opens_with_a_tls_handshake_not_a_json_line() throws IOException {
        try (ServerSocket logstash = listen(0);
             LogbackAuditLog audit = LogbackAuditLog.open(new AuditSettings(new RollingFile(dir.resolve("audit.log"), 100_000_000, 1),
                     new AuditSettings.Logstash("localhost", logstash.getLocalPort(), Duration.ofMillis(100), 1024, true), List.of(),
                     AuditSettings.DEFAULT_REFUSAL_INTERVAL, null))) {
            audit.record(Records.success());
            try (Socket connection = logstash.accept()) {
                connection.setSoTimeout(GENEROUS_MILLIS);
                assertEquals(0x16, connection.getInputStream().read(), "a TLS record of type handshake (the ClientHello)");
            }
        }
    }
}
