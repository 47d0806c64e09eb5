package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-shaped upstream that streams one chunk, waits until told the client has gone, then
 * keeps streaming until the gateway hangs up on it: the only way to see a disconnect mid-stream,
 * since the gateway notices a departed client when its next write fails.
 */
final class SlowStreamUpstream implements AutoCloseable {
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";

    private final HttpServer server;
    private volatile CountDownLatch clientGone = new CountDownLatch(1);

    SlowStreamUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                send(out, CHUNK.formatted("first"));
                clientGone.await(60, TimeUnit.SECONDS);
                // Bounded: a gateway that never noticed would get [DONE] and audit a success.
                for (int i = 0; i < 10_000; i++) {
                    send(out, CHUNK.formatted("more"));
                }
                send(out, "data: [DONE]\n\n");
            } catch (IOException gatewayHungUp) {
                // what the test wants to happen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void clientHasGone() {
        clientGone.countDown();
    }

    @Override
    public void close() {
        clientGone.countDown();
        server.stop(0);
    }
}
