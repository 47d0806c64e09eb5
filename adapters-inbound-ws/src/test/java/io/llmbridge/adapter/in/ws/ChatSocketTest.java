package io.llmbridge.adapter.in.ws;

import io.helidon.webserver.WebServer;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The socket against a real Helidon server, with fake use cases: the model name chooses what the
 * fake stream does ("two": two chunks; "hold": one chunk, then waits until closed; "fail": an
 * upstream error before any chunk).
 */
class ChatSocketTest {
    private static final String KEY = "good-key";
    private static final int MAX_CHATS = 2;

    private static WebServer server;
    private static OpenAiWebSocketApi api;

    @BeforeAll
    static void start() {
        api = new OpenAiWebSocketApi(new KeyCheck(), new FakeChats(),
                new WebSocketSettings(1000, MAX_CHATS, Duration.ofMinutes(5), List.of()));
        server = WebServer.builder().port(0).host("127.0.0.1").update(listener -> api.addTo(listener, "/v1/ws")).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        api.close();
    }

    @Test
    void an_original_chat_streams_sse_lines_and_ends_with_done() {
        try (Client client = Client.connect("Bearer " + KEY)) {
            client.send(chat(null, "two"));
            assertEquals(List.of("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"), client.next(3));
        }
    }

    @Test
    void chats_with_ids_share_the_connection_and_a_cancel_stops_only_its_own() {
        try (Client client = Client.connect(null)) {
            client.send(chat("held", "hold", KEY));
            assertEquals("{\"id\":\"held\",\"event\":\"chunk\",\"data\":{\"n\":1}}", client.next());
            client.send(chat(2, "two", KEY));
            assertEquals(List.of("{\"id\":2,\"event\":\"chunk\",\"data\":{\"n\":1}}", "{\"id\":2,\"event\":\"chunk\",\"data\":{\"n\":2}}",
                    "{\"id\":2,\"event\":\"done\",\"data\":{\"cancelled\":false}}"), client.next(3));
            client.send("{\"type\":\"cancel\",\"id\":\"held\"}");
            assertEquals("{\"id\":\"held\",\"event\":\"done\",\"data\":{\"cancelled\":true}}", client.next());
        }
    }

    @Test
    void a_second_running_chat_with_the_same_id_is_refused() {
        try (Client client = Client.connect(null)) {
            client.send(chat("a", "hold", KEY));
            client.next();
            client.send(chat("a", "two", KEY));
            assertEquals("{\"error\":{\"message\":\"A chat with id \\\"a\\\" is still running on this connection; "
                    + "give each running chat its own id.\",\"type\":\"invalid_request_error\"}}", client.next());
            client.send("{\"type\":\"cancel\",\"id\":\"a\"}");
            assertEquals("{\"id\":\"a\",\"event\":\"done\",\"data\":{\"cancelled\":true}}", client.next());
        }
    }

    @Test
    void a_chat_beyond_the_connections_limit_is_refused_with_its_own_frames() {
        try (Client client = Client.connect(null)) {
            for (int i = 0; i < MAX_CHATS; i++) {
                client.send(chat("c" + i, "hold", KEY));
                client.next();
            }
            client.send(chat("over", "two", KEY));
            String error = client.next();
            assertTrue(error.startsWith("{\"id\":\"over\",\"event\":\"error\"") && error.contains("too_many_concurrent_chats"), error);
            assertEquals("{\"id\":\"over\",\"event\":\"done\",\"data\":{\"cancelled\":false}}", client.next());
        }
    }

    @Test
    void failures_become_an_error_frame_then_done() {
        try (Client client = Client.connect(null)) {
            client.send(chat("x", "two"));
            String missingKey = client.next();
            assertTrue(missingKey.contains("\"code\":\"missing_api_key\""), missingKey);
            assertEquals("{\"id\":\"x\",\"event\":\"done\",\"data\":{\"cancelled\":false}}", client.next());
            client.send(chat("y", "fail", KEY));
            assertEquals(List.of("{\"id\":\"y\",\"event\":\"error\",\"data\":{\"error\":{\"message\":\"upstream down\","
                    + "\"type\":\"upstream_error\",\"code\":\"upstream_error\"}}}", "{\"id\":\"y\",\"event\":\"done\",\"data\":{\"cancelled\":false}}"),
                    client.next(2));
        }
    }

    @Test
    void protocol_errors_are_answered_and_the_connection_stays_open() {
        try (Client client = Client.connect(null)) {
            client.send("{");
            assertEquals("{\"error\":{\"message\":\"The message is not valid JSON.\",\"type\":\"invalid_request_error\"}}", client.next());
            client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).join();
            assertTrue(client.next().contains("Binary messages are not understood"));
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1000) + "\"}");
            assertTrue(client.next().contains("larger than this gateway accepts (1000 bytes)"));
            client.socket.sendText("{\"type\":", false).join();
            client.socket.sendText("\"ping\"}", true).join();
            assertEquals("{\"type\":\"pong\"}", client.next());
        }
    }

    @Test
    void a_bad_key_at_the_upgrade_gets_no_socket() {
        CompletionException refused = assertThrows(CompletionException.class, () -> Client.connect("Bearer wrong"));
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
    }

    private static String chat(Object id, String model) {
        return chat(id, model, null);
    }

    private static String chat(Object id, String model, String key) {
        return "{\"type\":\"chat\"" + (id == null ? "" : ",\"id\":" + (id instanceof String ? "\"" + id + "\"" : id))
                + (key == null ? "" : ",\"api_key\":\"" + key + "\"")
                + ",\"payload\":{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    private static final class KeyCheck implements AuthenticationUseCase {
        @Override
        public Caller authenticate(String presentedKey, RequestContext context) {
            if (KEY.equals(presentedKey)) {
                return new Caller("team", Caller.Role.USER);
            }
            throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "unknown key").code("invalid_api_key").build();
        }
    }

    private static final class FakeChats implements ChatCompletionUseCase {
        @Override
        public ChatResponse complete(ChatCommand command) {
            throw new UnsupportedOperationException("the socket only streams");
        }

        @Override
        public ChatStream stream(ChatCommand command) {
            return switch (command.request().model()) {
                case "fail" -> throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "upstream down").code("upstream_error").build();
                case "hold" -> new HeldStream();
                default -> new ListedStream(List.of(chunk(1), chunk(2)));
            };
        }

        @Override
        public void refused(Caller caller, RequestContext context, BridgeException error) {
        }
    }

    private static ChatChunk chunk(int n) {
        return new ChatChunk("{\"n\":" + n + "}", null, null, null);
    }

    private static final class ListedStream implements ChatStream {
        private final java.util.Iterator<ChatChunk> chunks;

        ListedStream(List<ChatChunk> chunks) {
            this.chunks = chunks.iterator();
        }

        @Override
        public Optional<ChatChunk> next() {
            return chunks.hasNext() ? Optional.of(chunks.next()) : Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    /** One chunk, then a wait that only closing the stream (a cancel) ends, as an upstream that is thinking. */
    private static final class HeldStream implements ChatStream {
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean first = true;

        @Override
        public Optional<ChatChunk> next() {
            if (first) {
                first = false;
                return Optional.of(chunk(1));
            }
            try {
                if (!closed.await(Patience.SECONDS * 3, TimeUnit.SECONDS)) {
                    fail("the held stream was never closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stream closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** A real WebSocket client ({@code java.net.http}) that queues each whole text message it receives. */
    private static final class Client implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final WebSocket socket;

        private Client(WebSocket.Builder builder) {
            socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws"), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        received.add(message.toString());
                        message.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).orTimeout(Patience.SECONDS, TimeUnit.SECONDS).join();
        }

        static Client connect(String authorization) {
            WebSocket.Builder builder = HTTP.newWebSocketBuilder();
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            return new Client(builder);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String next() {
            return Patience.next(received, "message");
        }

        List<String> next(int count) {
            List<String> messages = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                messages.add(next());
            }
            return messages;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
