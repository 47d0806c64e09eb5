package io.llmbridge.adapter.out.gemini;

import com.sun.net.httpserver.HttpServer;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockserver.model.HttpRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the adapter finds and talks to Gemini, beyond the port's shared contract
 * ({@link GeminiProviderContractTest}): its registration, the key header, stream timeouts (on
 * platform threads and on the virtual threads the gateway serves with), unreachable hosts, and
 * streams that are finished or closed early.
 */
class GeminiConnectionTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    @Test
    void is_found_by_service_loader_under_the_adapter_name_gemini() {
        ChatProviderFactory factory = ServiceLoader.load(ChatProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapter().equals("gemini")).findFirst().orElseThrow();
        assertTrue(factory.requiresApiKey());
        assertNotNull(factory.create(new ProviderSettings("gemini", null, new Secret("k"), "GEMINI_API_KEY", Map.of())));
    }

    @Test
    void calls_the_routes_upstream_model_with_the_key_in_x_goog_api_key() {
        gemini.answer("plain-text/gemini-response.json");
        ModelRoute aliased = new ModelRoute(new ModelRef("gemini", "fast"), GeminiMock.MODEL, null, Duration.ofSeconds(5), ParamRules.NONE);
        gemini.provider().complete(aliased, request(false));
        HttpRequest received = gemini.received();
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", received.getPath().getValue());
        assertEquals(GeminiMock.KEY, received.getFirstHeader("x-goog-api-key"));
        assertEquals("", received.getFirstHeader("Authorization"), "the key goes in Google's header only");
    }

    @Test
    void sends_no_key_header_when_the_provider_has_no_key() {
        gemini.answer("plain-text/gemini-response.json");
        gemini.provider(null).complete(GeminiMock.route(), request(false));
        assertFalse(gemini.received().containsHeader("x-goog-api-key"));
    }

    @Test
    void fails_with_upstream_timeout_when_a_stream_waits_longer_than_the_route_allows() {
        gemini.streamSlowly(SHORT.multipliedBy(10));
        BridgeException error = assertThrows(BridgeException.class, () -> {
            try (ChatStream stream = gemini.provider().stream(GeminiMock.route(SHORT), request(true))) {
                stream.next();
            }
        });
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, error.kind());
    }

    @Test
    void fails_with_upstream_error_when_the_provider_cannot_be_reached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String base = "http://localhost:" + closedPort + "/v1beta";
        ChatProvider provider = new GeminiProviderFactory().create(
                new ProviderSettings("gemini", base, new Secret(GeminiMock.KEY), "GEMINI_API_KEY", Map.of()));
        BridgeException whole = assertThrows(BridgeException.class, () -> provider.complete(GeminiMock.route(), request(false)));
        BridgeException streamed = assertThrows(BridgeException.class, () -> provider.stream(GeminiMock.route(), request(true)));
        assertEquals(ErrorKind.UPSTREAM_ERROR, whole.kind());
        assertEquals(ErrorKind.UPSTREAM_ERROR, streamed.kind());
        assertFalse(whole.getMessage().contains(GeminiMock.KEY));
    }

    @Test
    void a_finished_stream_stays_finished_and_closes_more_than_once() {
        gemini.stream("stream-text-and-tools/gemini-stream.sse");
        ChatStream stream = gemini.provider().stream(GeminiMock.route(), request(true));
        Optional<ChatChunk> chunk;
        int count = 0;
        while ((chunk = stream.next()).isPresent()) {
            count++;
        }
        assertTrue(count > 0);
        assertEquals(Optional.empty(), stream.next());
        stream.close();
        stream.close();
        assertEquals(Optional.empty(), stream.next());
    }

    @Test
    void a_stream_closed_early_hands_out_nothing_more() {
        gemini.stream("stream-text-and-tools/gemini-stream.sse");
        ChatStream stream = gemini.provider().stream(GeminiMock.route(), request(true));
        assertTrue(stream.next().isPresent());
        stream.close();
        assertEquals(Optional.empty(), stream.next());
    }

    @Test
    void on_a_virtual_thread_a_stream_whose_response_does_not_come_is_an_upstream_timeout() throws Exception {
        // Never accepted: the connection is made (the kernel's backlog) and nothing ever answers.
        try (ServerSocket silent = new ServerSocket(0)) {
            ChatProvider provider = providerAt(silent.getLocalPort());
            BridgeException failure = failureOnVirtualThread(
                    () -> assertThrows(BridgeException.class, () -> provider.stream(GeminiMock.route(SHORT), request(true))));
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, failure.kind());
        }
    }

    @Test
    void on_a_virtual_thread_a_stream_that_stalls_after_its_first_event_is_an_upstream_timeout() throws Exception {
        CountDownLatch testOver = new CountDownLatch(1);
        HttpServer stalling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stalling.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stalling.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"first\"}]},"
                    + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                testOver.await(); // then nothing more: the stream stalls
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.start();
        try {
            ChatProvider provider = providerAt(stalling.getAddress().getPort());
            BridgeException failure = failureOnVirtualThread(() -> {
                try (ChatStream stream = provider.stream(GeminiMock.route(SHORT), request(true))) {
                    assertTrue(stream.next().isPresent());
                    return assertThrows(BridgeException.class, () -> {
                        while (stream.next().isPresent()) {
                            // the first event's chunks, then the wait
                        }
                    });
                }
            });
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, failure.kind());
        } finally {
            testOver.countDown();
            stalling.stop(0);
        }
    }

    private static ChatProvider providerAt(int port) {
        return new GeminiProviderFactory().create(new ProviderSettings("gemini", "http://127.0.0.1:" + port + "/v1beta",
                new Secret(GeminiMock.KEY), "GEMINI_API_KEY", Map.of()));
    }

    /**
     * Runs {@code call} on a virtual thread, as the gateway serves requests (there upstream reads
     * have no socket timeout, only the model's deadline), and returns the failure it caught.
     */
    private static BridgeException failureOnVirtualThread(Callable<BridgeException> call) throws Exception {
        CompletableFuture<BridgeException> failure = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                failure.complete(call.call());
                assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is usable after a timeout");
            } catch (Throwable e) {
                failure.completeExceptionally(e);
            }
        });
        return failure.get(10, TimeUnit.SECONDS);
    }

    @Test
    void rejects_a_base_url_that_is_not_http() {
        ProviderSettings settings = new ProviderSettings("gemini", "generativelanguage.googleapis.com", null, "GEMINI_API_KEY", Map.of());
        assertThrows(IllegalArgumentException.class, () -> new GeminiProviderFactory().create(settings));
    }

    private static ChatRequest request(boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.json("plain-text/openai-request.json"));
        body.put("stream", stream);
        return ChatRequest.from(body);
    }
}
