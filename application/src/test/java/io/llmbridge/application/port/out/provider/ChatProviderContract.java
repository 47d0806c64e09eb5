package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link ChatProvider} must do, whatever its upstream speaks. A provider module's
 * test extends this and plays its upstream (MockServer speaking the provider's wire format).
 */
public abstract class ChatProviderContract {

    /** The adapter under test, pointed at the played upstream, for a route with this timeout. */
    protected abstract ChatProvider provider();

    /** The upstream will answer {@code text} (whole, or streamed in these pieces), with usage. */
    protected abstract void upstreamAnswers(List<String> pieces);

    /** The upstream will answer with this HTTP status and its usual error body; false when it has no upstream. */
    protected abstract boolean upstreamFails(int status);

    /** The upstream will not answer before the route's timeout; false when it cannot. */
    protected abstract boolean upstreamStalls();

    /** The model id the upstream was last asked for; null when it has no upstream. */
    protected abstract String lastUpstreamModel();

    /** The request that makes the upstream answer what it was told (echo repeats the prompt). */
    protected ChatRequest chatRequest(List<String> pieces, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", route().ref().id());
        body.put("messages", List.of(Map.of("role", "user", "content", String.join("", pieces))));
        body.put("stream", stream);
        return ChatRequest.from(body);
    }

    protected ModelRoute route() {
        return new ModelRoute(new ModelRef("contract", "contract-model<variant>"), "contract-model", null,
                Duration.ofMillis(timeoutMillis()), ParamRules.NONE);
    }

    /** Short enough to keep a stalled upstream test quick; long enough for a loaded machine. */
    protected long timeoutMillis() {
        return 1500;
    }

    @Test
    void a_whole_answer_has_the_text_usage_and_finish_reason_and_names_the_upstream_model() {
        List<String> pieces = List.of("Hello", " there");
        upstreamAnswers(pieces);
        ChatResponse response = provider().complete(route(), chatRequest(pieces, false));
        assertTrue(response.json().contains("\"chat.completion\""), response.json());
        assertTrue(response.json().contains("Hello there"), response.json());
        assertEquals("stop", response.finishReason());
        assertNotNull(response.usage());
        String upstreamModel = lastUpstreamModel();
        if (upstreamModel != null) {
            assertEquals("contract-model", upstreamModel);
        }
    }

    @Test
    void a_stream_delivers_the_pieces_in_order_then_ends() {
        List<String> pieces = List.of("one", " two", " three");
        upstreamAnswers(pieces);
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        try (ChatStream stream = provider().stream(route(), chatRequest(pieces, true))) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                assertTrue(chunk.get().json().contains("chat.completion.chunk"), chunk.get().json());
                if (chunk.get().contentDelta() != null) {
                    text.append(chunk.get().contentDelta());
                }
                if (chunk.get().finishReason() != null) {
                    finishReason = chunk.get().finishReason();
                }
            }
            assertTrue(stream.next().isEmpty(), "an ended stream stays ended");
        }
        assertEquals("one two three", text.toString());
        assertEquals("stop", finishReason);
    }

    @Test
    void an_upstream_rate_limit_is_rate_limited() {
        assumeTrue(upstreamFails(429));
        assertEquals(ErrorKind.RATE_LIMITED, assertThrows(BridgeException.class,
                () -> provider().complete(route(), chatRequest(List.of("hi"), false))).kind());
    }

    @Test
    void an_upstream_server_error_is_an_upstream_error() {
        assumeTrue(upstreamFails(500));
        assertEquals(ErrorKind.UPSTREAM_ERROR, assertThrows(BridgeException.class,
                () -> provider().stream(route(), chatRequest(List.of("hi"), true)).next()).kind());
    }

    @Test
    void a_stalled_upstream_is_an_upstream_timeout() {
        assumeTrue(upstreamStalls());
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, assertThrows(BridgeException.class,
                () -> provider().complete(route(), chatRequest(List.of("hi"), false))).kind());
    }
}
