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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WebSocket endpoint against clients that do not play along: no key, too much before a key,
 * huge frames, too many sockets, a client that stops reading, a chat that dies of an Error.
 * A real Helidon server with fake use cases.
 */
class HostileWebSocketClientsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String KEY = "good-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final FakeChat chat = new FakeChat();
    private WebServer server;
    private OpenAiWebSocketApi api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void a_socket_without_a_key_is_closed_with_1008_after_the_authentication_deadline_however_often_it_pings() {
        start(settings(Duration.ofSeconds(60), Duration.ofMillis(500), 64 * 1024, 64 * 1024, 64, 1024, Duration.ofSeconds(10)));
        Client client = Client.connect(port(), null);
        client.socket.sendPing(ByteBuffer.wrap(new byte[] {1})).join();
        client.socket.sendText("{\"type\":\"ping\"}", true).join();

        assertEquals(1008, client.awaitCloseCode());
        Refusal refusal = chat.nextRefusal();
        assertEquals("ws.connect", refusal.context.action());
        assertEquals("websocket_not_authenticated", refusal.error.code());
    }

    @Test
    void a_socket_without_a_key_that_sends_more_than_its_budget_is_closed_with_1008() {
        start(settings(Duration.ofSeconds(60), Duration.ofSeconds(60), 64 * 1024, 1024, 64, 1024, Duration.ofSeconds(10)));
        Client client = Client.connect(port(), null);
        String fragment = "x".repeat(600);
        client.socket.sendText(fragment, false).join();
        client.socket.sendText(fragment, false).join();

        assertEquals(1008, client.awaitCloseCode());
        assertEquals("websocket_not_authenticated", chat.nextRefusal().error.code());
    }

    @Test
    void a_valid_key_in_the_first_chat_message_lifts_the_budget_and_a_refused_one_does_not() {
        start(settings(Duration.ofSeconds(60), Duration.ofSeconds(60), 64 * 1024, 1024, 64, 1024, Duration.ofSeconds(10)));
        Client client = Client.connect(port(), null);
        client.socket.sendText(chatMessage("sk-wrong", "echo", "x"), true).join();
        assertTrue(client.next().contains("invalid_api_key"));
        assertEquals("data: [DONE]\n\n", client.next());

        client.socket.sendText(chatMessage(KEY, "echo", "hi"), true).join();
        assertEquals("data: {\"echo\":\"hi\"}\n\n", client.next());
        assertEquals("data: [DONE]\n\n", client.next());

        String large = chatMessage(KEY, "echo", "y".repeat(4000));
        sendInFragments(client, large, 500);
        assertEquals("data: {\"echo\":\"" + "y".repeat(4000) + "\"}\n\n", client.next());
        assertEquals("data: [DONE]\n\n", client.next());
    }

    @Test
    void a_single_frame_over_the_frame_limit_closes_with_1009_and_the_same_message_in_fragments_is_answered() throws Exception {
        start(settings(Duration.ofSeconds(60), Duration.ofSeconds(60), 4096, 64 * 1024, 64, 1024, Duration.ofSeconds(10)));
        String large = chatMessage(null, "echo", "z".repeat(8000));

        Client fragmented = Client.connect(port(), "Bearer " + KEY);
        sendInFragments(fragmented, large, 4000);
        assertEquals("data: {\"echo\":\"" + "z".repeat(8000) + "\"}\n\n", fragmented.next());

        // java.net.http may split a large message into frames of its own: a raw socket sends exactly one.
        try (Socket whole = new Socket("127.0.0.1", port())) {
            upgrade(whole);
            writeMaskedText(whole.getOutputStream(), large);
            assertEquals(1009, closeCode(whole.getInputStream()));
        }
    }

    @Test
    void sockets_are_capped_per_key_and_in_total_and_refused_cleanly() {
        start(settings(Duration.ofSeconds(60), Duration.ofSeconds(60), 64 * 1024, 64 * 1024, 1, 2, Duration.ofSeconds(10)));
        Client first = Client.connect(port(), "Bearer " + KEY);
        assertEquals(429, upgradeRefusedWith("Bearer " + KEY));

        Client byMessage = Client.connect(port(), null);
        byMessage.socket.sendText(chatMessage(KEY, "echo", "x"), true).join();
        assertTrue(byMessage.next().contains("too_many_connections"));
        assertEquals("data: [DONE]\n\n", byMessage.next());
        assertEquals(1013, byMessage.awaitCloseCode());

        Client other = awaitConnected(null); // the refused one's place is freed once it has gone
        assertEquals(503, upgradeRefusedWith(null));
        other.socket.abort();
        first.socket.abort();
        awaitConnected("Bearer " + KEY).socket.abort();
    }

    @Test
    void a_client_that_stops_reading_is_cut_off_and_does_not_hold_up_the_idle_timeout_of_others() throws Exception {
        start(settings(Duration.ofSeconds(1), Duration.ofSeconds(60), 64 * 1024, 64 * 1024, 64, 1024, Duration.ofSeconds(3)));
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port()));
            upgrade(stalled);
            writeMaskedText(stalled.getOutputStream(), chatMessage(null, "endless", "go"));
            // Never read again: the gateway's writes fill the buffers and block.

            Client idle = Client.connect(port(), "Bearer " + KEY);
            assertEquals(1000, idle.awaitCloseCode(), "the idle socket is closed by its timeout");

            assertTrue(chat.endlessClosed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the stalled chat's upstream is closed");
            assertClosedByServer(stalled);
        }
    }

    @Test
    void a_chat_that_dies_of_an_error_still_ends_with_its_frames_frees_its_place_and_is_recorded() {
        start(new WebSocketSettings(64 * 1024, 1, Duration.ofSeconds(60), List.of()));
        Client client = Client.connect(port(), "Bearer " + KEY);
        client.socket.sendText(chatMessage(null, "out-of-memory", "x"), true).join();
        assertTrue(client.next().contains("gateway_out_of_memory"));
        assertEquals("data: [DONE]\n\n", client.next());
        assertEquals("gateway_out_of_memory", chat.nextRefusal().error.code());

        client.socket.sendText(chatMessage(null, "echo", "after"), true).join();
        assertEquals("data: {\"echo\":\"after\"}\n\n", client.next());
    }

    @Test
    void chats_without_a_key_or_with_an_invalid_payload_are_recorded() {
        start(WebSocketSettings.defaults());
        Client client = Client.connect(port(), null);
        client.socket.sendText(chatMessage(null, "echo", "x"), true).join();
        assertTrue(client.next().contains("missing_api_key"));
        assertEquals("missing_api_key", chat.nextRefusal().error.code());

        Client keyed = Client.connect(port(), "Bearer " + KEY);
        keyed.socket.sendText("{\"type\":\"chat\",\"payload\":{\"model\":\"p/echo\"}}", true).join();
        assertTrue(keyed.next().contains("invalid_request_error"));
        Refusal refusal = chat.nextRefusal();
        assertEquals(ErrorKind.INVALID_REQUEST, refusal.error.kind());
        assertEquals("alice", refusal.caller.name());
    }

    private static WebSocketSettings settings(Duration idle, Duration authentication, int maxFrame, int unauthenticatedBytes,
                                              int perKey, int total, Duration writeTimeout) {
        return new WebSocketSettings(1024 * 1024, 8, idle, List.of(), maxFrame, authentication, unauthenticatedBytes,
                perKey, total, writeTimeout);
    }

    private void start(WebSocketSettings settings) {
        api = new OpenAiWebSocketApi(new FakeAuthentication(chat), chat, settings);
        var builder = WebServer.builder().host("127.0.0.1").port(0);
        api.addTo(builder, "/v1/ws");
        server = builder.build().start();
    }

    private int port() {
        return server.port();
    }

    private static String chatMessage(String apiKey, String model, String content) {
        return "{\"type\":\"chat\"" + (apiKey == null ? "" : ",\"api_key\":\"" + apiKey + "\"")
                + ",\"payload\":{\"model\":\"p/" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}";
    }

    private static void sendInFragments(Client client, String message, int size) {
        for (int from = 0; from < message.length(); from += size) {
            int to = Math.min(message.length(), from + size);
            client.socket.sendText(message.substring(from, to), to == message.length()).join();
        }
    }

    private int upgradeRefusedWith(String authorization) {
        CompletionException refused = assertThrows(CompletionException.class, () -> Client.connect(port(), authorization));
        return assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode();
    }

    /** A socket that ended frees its place a moment later, on its own thread: tries until one is given. */
    private Client awaitConnected(String authorization) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return Client.connect(port(), authorization);
            } catch (CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private void upgrade(Socket socket) throws IOException {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        socket.getOutputStream().write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout((int) PATIENCE.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                fail("the upgrade was not answered: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    /**
     * One masked text frame, as a client must send it, handed to the socket in one write: written
     * byte by byte, a frame the server refuses after its header could meet a closed socket.
     */
    private static void writeMaskedText(OutputStream socket, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.writeTo(socket);
        socket.flush();
    }

    /** The code of the first frame, which must be a close frame. */
    private static int closeCode(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        assertEquals(0x88, head[0] & 0xff, "a close frame");
        return ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    }

    /** Reads what the server had buffered; the connection must then end rather than wait for more. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) PATIENCE.toMillis());
        byte[] buffer = new byte[64 * 1024];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // drain
            }
        } catch (java.net.SocketTimeoutException e) {
            fail("the server kept the stalled connection open");
        } catch (java.net.SocketException e) {
            // reset by the server: closed too
        }
    }

    private record Refusal(Caller caller, RequestContext context, BridgeException error) {
    }

    private static final class FakeAuthentication implements AuthenticationUseCase {
        private final FakeChat recorder;

        FakeAuthentication(FakeChat recorder) {
            this.recorder = recorder;
        }

        @Override
        public Caller authenticate(String presentedKey, RequestContext context) {
            if (KEY.equals(presentedKey)) {
                return new Caller("alice", Caller.Role.USER);
            }
            BridgeException error = BridgeException.of(ErrorKind.UNAUTHENTICATED, "Incorrect access key provided.")
                    .code("invalid_api_key").build();
            recorder.refused(null, context, error);
            throw error;
        }
    }

    /** Model {@code p/echo} streams the last message back; {@code p/endless} never ends; {@code p/out-of-memory} dies. */
    private static final class FakeChat implements ChatCompletionUseCase {
        final CountDownLatch endlessClosed = new CountDownLatch(1);
        private final BlockingQueue<Refusal> refusals = new LinkedBlockingQueue<>();

        @Override
        public ChatResponse complete(ChatCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatStream stream(ChatCommand command) {
            return switch (command.request().model()) {
                case "p/endless" -> endless();
                case "p/out-of-memory" -> throw new OutOfMemoryError("Java heap space");
                default -> echo(command);
            };
        }

        @Override
        public void refused(Caller caller, RequestContext context, BridgeException error) {
            refusals.add(new Refusal(caller, context, error));
        }

        Refusal nextRefusal() {
            try {
                Refusal refusal = refusals.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                if (refusal == null) {
                    fail("nothing was recorded");
                }
                return refusal;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        private ChatStream endless() {
            String big = "{\"filler\":\"" + "f".repeat(16 * 1024) + "\"}";
            return new ChatStream() {
                @Override
                public Optional<ChatChunk> next() {
                    return Optional.of(new ChatChunk(big, null, null, null));
                }

                @Override
                public void close() {
                    endlessClosed.countDown();
                }
            };
        }

        private static ChatStream echo(ChatCommand command) {
            var messages = command.request().messages();
            String text = messages.get(messages.size() - 1).text();
            return new ChatStream() {
                private boolean sent;

                @Override
                public Optional<ChatChunk> next() {
                    if (sent) {
                        return Optional.empty();
                    }
                    sent = true;
                    return Optional.of(new ChatChunk("{\"echo\":\"" + text + "\"}", text, null, null));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A {@code java.net.http} WebSocket that queues each whole text message. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder parts = new StringBuilder();
        private WebSocket socket;

        static Client connect(int port, String authorization) {
            Client client = new Client();
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(PATIENCE);
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/ws"), client)
                    .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
            return client;
        }

        String next() {
            try {
                String message = messages.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    fail("no message within " + PATIENCE.toSeconds() + " s");
                }
                return message;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        int awaitCloseCode() {
            return closeCode.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                messages.add(parts.toString());
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
