package io.llmbridge.adapter.out.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseConnectionReuseTest {
    private static final String EVENTS = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private volatile long lingerAfterDone;
    private HttpServer upstream;

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    @Test
    void a_stream_read_to_done_leaves_its_connection_for_the_next_one() throws IOException {
        ChatProvider provider = start();
        for (int i = 0; i < 3; i++) {
            assertEquals(2, readAll(provider));
        }
        assertEquals(1, clientPorts.size(), "connections used: " + clientPorts);
    }

    @Test
    void an_upstream_that_keeps_the_body_open_after_done_does_not_hold_the_stream_open() throws IOException {
        lingerAfterDone = 10_000;
        ChatProvider provider = start();
        long start = System.nanoTime();
        assertEquals(2, onVirtualThread(() -> readAll(provider)));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertEquals(2, onVirtualThread(() -> readAll(provider)));
    }

    /** As Helidon serves requests: an interrupt unblocks a virtual thread's socket read, not a platform thread's. */
    private static int onVirtualThread(java.util.concurrent.Callable<Integer> call) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return executor.submit(call).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ChatProvider start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/v1/chat/completions", this::answer);
        upstream.start();
        return new OpenAiProviderFactory().create(new ProviderSettings("up",
                "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1", null, "UP_API_KEY", Map.of()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0); // chunked, as streaming upstreams answer
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(EVENTS.getBytes(StandardCharsets.UTF_8));
            body.flush();
            if (lingerAfterDone > 0) {
                Thread.sleep(lingerAfterDone);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int readAll(ChatProvider provider) {
        ModelRoute route = new ModelRoute(new ModelRef("up", "m"), "m", null, Duration.ofSeconds(30), ParamRules.NONE);
        ChatRequest request = ChatRequest.from(Map.of("model", "up/m", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "hi"))));
        int chunks = 0;
        try (ChatStream stream = provider.stream(route, request)) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                chunks++;
            }
        }
        return chunks;
    }
}
