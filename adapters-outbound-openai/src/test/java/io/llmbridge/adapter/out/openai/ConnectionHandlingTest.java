package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionHandlingTest {
    private static final ModelRoute ROUTE = new ModelRoute(new ModelRef("local", "m"), "m", null, Duration.ofSeconds(10), ParamRules.NONE);
    private static final ModelRoute IMPATIENT = new ModelRoute(new ModelRef("local", "m"), "m", null, Duration.ofMillis(300),
            ParamRules.NONE);

    private static ChatProvider provider(int port) {
        return new OpenAiProviderFactory().create(new ProviderSettings("local", "http://127.0.0.1:" + port + "/v1",
                new Secret("k"), "LOCAL_API_KEY", Map.of()));
    }

    private static ChatRequest chat(boolean stream) {
        return ChatRequest.from(PlainJson.parseObject("{\"model\":\"local/m\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @Test
    void consecutive_requests_reuse_one_kept_alive_connection() throws Exception {
        try (RawUpstream upstream = new RawUpstream(false)) {
            ChatProvider provider = provider(upstream.port());
            for (int i = 0; i < 5; i++) {
                provider.complete(ROUTE, chat(false));
            }
            assertEquals(1, upstream.connections());
        }
    }

    @Test
    void closing_a_stream_early_hangs_up_on_the_upstream_at_once() throws Exception {
        try (RawUpstream upstream = new RawUpstream(true)) {
            ChatStream stream = provider(upstream.port()).stream(ROUTE, chat(true));
            assertEquals("x", stream.next().orElseThrow().contentDelta());
            stream.close();
            assertTrue(upstream.clientClosedMidStream.await(5, TimeUnit.SECONDS), "the upstream saw the connection close");
        }
    }

    @Test
    void a_stream_that_stalls_after_its_first_chunk_is_an_upstream_timeout() throws Exception {
        try (RawUpstream upstream = new RawUpstream(true)) {
            ChatProvider provider = provider(upstream.port());
            BridgeException failure = failureOnVirtualThread(() -> {
                try (ChatStream stream = provider.stream(IMPATIENT, chat(true))) {
                    assertEquals("x", stream.next().orElseThrow().contentDelta());
                    return assertThrows(BridgeException.class, stream::next);
                }
            });
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, failure.kind());
            assertTrue(upstream.clientClosedMidStream.await(5, TimeUnit.SECONDS), "the stalled connection was dropped");
        }
    }

    @Test
    void a_stream_whose_response_does_not_come_is_an_upstream_timeout() throws Exception {
        // Never accepted: the connection is made (the kernel's backlog) and nothing ever answers.
        try (ServerSocket silent = new ServerSocket(0)) {
            ChatProvider provider = provider(silent.getLocalPort());
            BridgeException failure = failureOnVirtualThread(
                    () -> assertThrows(BridgeException.class, () -> provider.stream(IMPATIENT, chat(true))));
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, failure.kind());
        }
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
}
