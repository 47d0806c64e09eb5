package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that try to hold the server with little work of their own, each against the real
 * wiring: every one gets a clear status or has its connection closed, within the configured
 * bounds (small here, so each test is quick), and a valid request is answered meanwhile.
 */
class HostileServerClientsTest {
    private static final String ECHO = """
              echo:
                adapter: echo
                models:
                  echo-1: {}
            """;
    private static final String CHAT = "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Long enough for any blocked read in these tests to be a failure, short enough to end a hung test. */
    private static final int GENEROUS_MILLIS = 30_000;

    private final List<Socket> sockets = new ArrayList<>();
    private TestGateway gateway;
    private HttpServer upstream;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private void start(String serverYaml, String providersYaml) {
        gateway = TestGateway.start(serverYaml, providersYaml, Map.of(), TestGateway::quietLogging);
    }

    @Test
    void a_client_that_sends_half_its_headers_and_waits_is_closed_at_the_header_deadline() throws IOException {
        assertClosedWhileOthersAreServed("  header_timeout: 0.5\n",
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ");
    }

    @Test
    void a_client_that_trickles_its_body_is_closed_at_the_body_deadline() throws IOException {
        assertClosedWhileOthersAreServed("  body_timeout: 0.5\n", head("Content-Length: " + CHAT.length()) + CHAT.substring(0, 10));
    }

    @Test
    void a_chunked_body_that_stops_coming_is_closed_at_the_body_deadline() throws IOException {
        assertClosedWhileOthersAreServed("  body_timeout: 0.5\n",
                head("Transfer-Encoding: chunked") + "a\r\n" + CHAT.substring(0, 10) + "\r\n");
    }

    /** A client that sends {@code sent} and waits is closed without an answer; a valid request is answered meanwhile. */
    private void assertClosedWhileOthersAreServed(String serverYaml, String sent) throws IOException {
        start(serverYaml, ECHO);
        Socket slow = connect();
        send(slow, sent);

        assertEquals(200, gateway.chat(CHAT).statusCode(), "a valid request is answered meanwhile");
        assertClosedWithoutAnswer(slow);
    }

    @Test
    void a_chunked_body_larger_than_the_limit_is_refused_with_413() throws IOException {
        start("", ECHO); // the test gateway's max_body_size is 64 KiB
        Socket client = connect();
        String chunk = "x".repeat(4096);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("1000\r\n").append(chunk).append("\r\n");
        }
        send(client, head("Transfer-Encoding: chunked") + body + "0\r\n\r\n");

        String answer = answer(client);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"request_too_large\""), answer);
    }

    @Test
    void a_request_past_the_concurrent_requests_is_answered_503_in_openai_json() throws IOException {
        start("  max_concurrent_requests: 1\n  body_timeout: 60\n", ECHO);
        Socket holder = connect();
        send(holder, head("Content-Length: " + CHAT.length())); // in flight until its body comes
        awaitInFlight();

        HttpResponse<String> refused = gateway.chat(CHAT);
        assertEquals(503, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        Map<String, Object> error = error(refused.body());
        assertEquals("gateway_busy", error.get("code"));
        assertEquals("service_unavailable_error", error.get("type"));

        send(holder, CHAT);
        assertTrue(answer(holder).startsWith("HTTP/1.1 200"), "the request in flight is answered");
        // The answer can reach the client a moment before its handler has returned and freed the place.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> next = gateway.chat(CHAT);
        while (next.statusCode() == 503 && System.nanoTime() < deadline) {
            next = gateway.chat(CHAT);
        }
        assertEquals(200, next.statusCode(), "and then the next one");
    }

    @Test
    void connections_past_the_cap_wait_until_the_deadlines_free_a_place() throws IOException {
        start("  max_connections: 2\n  header_timeout: 0.5\n", ECHO);
        for (int i = 0; i < 2; i++) {
            send(connect(), "POST /v1/chat/completions HTTP/1.1\r\n"); // both places, held by silence
        }
        // The third connection waits in the backlog; the header deadline closes the silent two.
        Socket valid = connect();
        send(valid, head("Content-Length: " + CHAT.length()) + CHAT);
        assertTrue(answer(valid).startsWith("HTTP/1.1 200"));
    }

    @Test
    void an_upstream_answering_an_endless_body_is_an_invalid_response() throws IOException {
        upstream = endlessUpstream();
        start("", ECHO + """
                  endless:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    api_key_required: false
                    max_response_size: 65536
                    models:
                      m: {timeout: 30}
                """.formatted(upstream.getAddress().getPort()));

        HttpResponse<String> failed = gateway.chat(CHAT.replace("echo/echo-1", "endless/m"));
        assertEquals(502, failed.statusCode());
        Map<String, Object> error = error(failed.body());
        assertEquals("upstream_invalid_response", error.get("code"));
        assertEquals("Provider 'endless' answered with a body larger than 65536 bytes (max_response_size).", error.get("message"));
        assertEquals(200, gateway.chat(CHAT).statusCode(), "a valid request is answered meanwhile");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
        socket.setSoTimeout(GENEROUS_MILLIS);
        sockets.add(socket);
        return socket;
    }

    private static String head(String framing) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestGateway.ACCESS_KEY
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection: it must do so without answering, well before the socket's timeout. */
    private static void assertClosedWithoutAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            in.transferTo(received);
        } catch (java.net.SocketException reset) {
            // closed, with a reset
        }
        assertEquals("", received.toString(StandardCharsets.US_ASCII));
    }

    /** One answer with a length, read whole. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(String body) {
        return (Map<String, Object>) PlainJson.parseObject(body).get("error");
    }

    /** Waits until the gateway counts a request in flight, through its own metrics. */
    private void awaitInFlight() {
        long deadline = System.nanoTime() + GENEROUS_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            // A request held by its body occupies the only place: a probe is refused with 503.
            HttpResponse<String> probe = gateway.getRoot("/observe/health");
            if (probe.statusCode() == 503) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the held request never took the only place");
    }

    /** Answers every call with 200 and a JSON body that never ends. */
    private static HttpServer endlessUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] piece = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"pad\":\"".getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write(piece);
                }
            } catch (IOException | UncheckedIOException gatewayHungUp) {
                // what a gateway that stopped reading does
            }
        });
        server.start();
        return server;
    }
}
