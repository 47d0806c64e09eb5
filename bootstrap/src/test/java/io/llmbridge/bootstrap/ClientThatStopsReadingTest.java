package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streaming client that stops reading, while its upstream goes on sending: the gateway ends the
 * stream once the connection's writes have waited for Helidon's write timeout (10 s), instead of
 * holding the stream and its upstream connection open for as long as the client's TCP
 * connection lives. It is a client that went away: audited as cancelled, no error in the log.
 */
class ClientThatStopsReadingTest {
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"" + "x".repeat(4000) + "\"},\"finish_reason\":null}]}\n\n";

    private final CountDownLatch upstreamHungUpOn = new CountDownLatch(1);
    private HttpServer upstream;
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void its_stream_is_ended_and_audited_as_cancelled() throws Exception {
        upstream = floodingUpstream();
        gateway = TestGateway.startLogging("""
                  flood:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    api_key_required: false
                    models:
                      m: {timeout: 120}
                """.formatted(upstream.getAddress().getPort()), "", Map.of(), dir ->
                "logging:\n  level: info\n  output:\n    console: false\n    file: {path: \"" + dir.resolve("app.log") + "\"}\n"
                        + "  audit:\n    path: \"" + dir.resolve("audit.log") + "\"\n");

        String body = "{\"model\":\"flood/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()));
            TestGateway.sendChat(socket, body);
            String requestId = TestGateway.requestIdOfHead(
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)));
            assertTrue(requestId != null, "the answer started with its request id");
            // From here on the client reads nothing.

            assertTrue(upstreamHungUpOn.await(60, TimeUnit.SECONDS), "the gateway closed the upstream's stream");
            Map<String, Object> event = gateway.auditEvent(requestId);
            assertEquals("cancelled", event.get("event.outcome"));

            // The gateway hangs up on the client too, rather than wait to finish a response nobody reads.
            socket.setSoTimeout(60_000);
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
        List<String> complaints = Files.readAllLines(gateway.dir().resolve("app.log")).stream()
                .filter(line -> line.contains("\"log.level\":\"ERROR\"") || line.contains("\"log.level\":\"WARN\"")).toList();
        assertEquals(List.of(), complaints, "a client that stops reading is not a failure of the gateway");
    }

    /** Streams chunks as fast as it can until the gateway hangs up on it. */
    private HttpServer floodingUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] chunk = CHUNK.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException | UncheckedIOException gatewayHungUp) {
                upstreamHungUpOn.countDown();
            }
        });
        server.start();
        return server;
    }
}
