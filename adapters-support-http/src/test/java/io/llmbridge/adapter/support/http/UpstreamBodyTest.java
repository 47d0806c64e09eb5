package io.llmbridge.adapter.support.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Each framing of an upstream's body, played on a bare socket that answers one request as told. */
class UpstreamBodyTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    private final ServerSocket server = listen();

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void a_body_with_a_length_is_read_whole() throws IOException {
        answer(HEAD + "Content-Length: 7\r\n\r\n{\"a\":1}", false);
        assertEquals("{\"a\":1}", read(1024));
    }

    @Test
    void a_chunked_body_is_read_whole() throws IOException {
        answer(HEAD + "Transfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n", false);
        assertEquals("{\"a\":1}", read(1024));
    }

    @Test
    void a_body_that_ends_when_the_connection_closes_is_read_whole() throws IOException {
        answer(HEAD + "Connection: close\r\n\r\n{\"a\":1}", true);
        assertEquals("{\"a\":1}", read(1024));
    }

    @Test
    void a_body_with_a_length_that_stops_early_fails() {
        answer(HEAD + "Content-Length: 100\r\n\r\n{\"a\":1}", true);
        assertThrows(RuntimeException.class, () -> read(1024));
    }

    @Test
    void a_chunked_body_that_stops_early_fails() {
        answer(HEAD + "Transfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n", true);
        assertThrows(RuntimeException.class, () -> read(1024));
    }

    @Test
    void a_body_declared_longer_than_the_limit_is_refused_unread() {
        answer(HEAD + "Content-Length: 2000\r\n\r\n" + "x".repeat(2000), false);
        UpstreamBody.TooLarge refused = assertThrows(UpstreamBody.TooLarge.class, () -> read(1024));
        assertEquals("answered with a body larger than 1024 bytes (max_response_size)", refused.getMessage());
    }

    @Test
    void an_endless_body_is_cut_at_the_limit() {
        endless(HEAD + "Transfer-Encoding: chunked\r\n\r\n", "400\r\n" + "x".repeat(1024) + "\r\n");
        assertTimeoutPreemptively(GENEROUS, () -> assertThrows(UpstreamBody.TooLarge.class, () -> read(64 * 1024)));
    }

    @Test
    void an_endless_body_without_framing_is_cut_at_the_limit() {
        endless(HEAD + "Connection: close\r\n\r\n", "x".repeat(1024));
        assertTimeoutPreemptively(GENEROUS, () -> assertThrows(UpstreamBody.TooLarge.class, () -> read(64 * 1024)));
    }

    @Test
    void the_limit_is_a_provider_option_with_a_default() {
        assertEquals(32L * 1024 * 1024, UpstreamBody.maxSize(Map.of()));
        assertEquals(1000L, UpstreamBody.maxSize(Map.of("max_response_size", 1000)));
        InvalidProviderOption bad = assertThrows(InvalidProviderOption.class, () -> UpstreamBody.maxSize(Map.of("max_response_size", "1 MB")));
        assertEquals("max_response_size", bad.key());
        assertEquals("must be a whole number of bytes from 1 to 2147483638", bad.expectation());
        assertThrows(InvalidProviderOption.class, () -> UpstreamBody.maxSize(Map.of("max_response_size", 0)));
    }

    private String read(long maxSize) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat");
        UpstreamClient client = UpstreamClients.create(OutboundNetwork.DIRECT, uri);
        try (HttpClientResponse response = client.post(uri, "{}".getBytes(StandardCharsets.UTF_8), GENEROUS, request -> { })) {
            assertEquals(200, response.status().code());
            return new String(UpstreamBody.read(response, maxSize), StandardCharsets.UTF_8);
        }
    }

    /** Answers the next request with {@code answer}, then closes the connection or keeps it open. */
    private void answer(String answer, boolean thenClose) {
        serve(out -> {
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!thenClose) {
                Thread.sleep(GENEROUS.toMillis()); // holds the connection open; the test ends first
            }
        });
    }

    /** Answers the next request with {@code head}, then {@code piece} again and again until the client leaves. */
    private void endless(String head, String piece) {
        serve(out -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = piece.getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(bytes);
            }
        });
    }

    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private void serve(Answer answer) {
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                skipRequest(socket.getInputStream());
                answer.write(out);
            } catch (IOException | InterruptedException e) {
                // the client went away, or the test ended
            }
        });
    }

    /** Reads a request's head and its small body ({@code {}} sent with a length). */
    private static void skipRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        in.readNBytes(2);
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
