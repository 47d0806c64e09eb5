package io.llmbridge.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket client ({@code java.net.http}) that queues each whole text message it receives. */
final class WsTestClient implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<Void> pinged = new CompletableFuture<>();
    private final WebSocket socket;

    private WsTestClient(URI uri, String headerName, String headerValue) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(PATIENCE);
        if (headerName != null) {
            builder.header(headerName, headerValue);
        }
        socket = builder.buildAsync(uri, new Listener()).orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    }

    static WsTestClient connect(int port) {
        return new WsTestClient(uri(port), null, null);
    }

    static WsTestClient connect(int port, String authorization) {
        return new WsTestClient(uri(port), "Authorization", authorization);
    }

    /** As a browser page of that origin connects. */
    static WsTestClient connectFrom(int port, String origin) {
        return new WsTestClient(uri(port), "Origin", origin);
    }

    static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/ws");
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends one message as several frames: the first fragments with {@code last=false}. */
    void sendFragments(String... fragments) {
        for (int i = 0; i < fragments.length; i++) {
            socket.sendText(fragments[i], i == fragments.length - 1).join();
        }
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void sendPing(String payload) {
        socket.sendPing(ByteBuffer.wrap(payload.getBytes())).join();
    }

    /** The next whole text message; fails the test when none comes in time. */
    String next() {
        return take(messages, "a text message");
    }

    String nextPong() {
        return take(pongs, "a pong");
    }

    /** Reads frames up to and including {@code last}, which must arrive. */
    java.util.List<String> nextUntil(String last) {
        java.util.List<String> frames = new java.util.ArrayList<>();
        String frame;
        do {
            frame = next();
            frames.add(frame);
        } while (!frame.equals(last));
        return frames;
    }

    /** Proves nothing else was queued before it: the server answers messages in order. */
    void assertNothingPendingBeforePong() {
        send("{\"type\":\"ping\"}");
        assertEquals("{\"type\":\"pong\"}", next(), "a frame arrived that should not have");
    }

    void awaitPing() {
        pinged.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    }

    int awaitCloseCode() {
        return closeCode.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    }

    void sendClose() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /** Drops the TCP connection without a close frame, as a crashed client does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static String take(BlockingQueue<String> queue, String what) {
        try {
            String item = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                fail("no " + what + " within " + PATIENCE.toSeconds() + " s");
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

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
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pinged.complete(null);
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(new String(bytes));
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
