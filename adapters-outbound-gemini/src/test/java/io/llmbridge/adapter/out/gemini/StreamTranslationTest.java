package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.llmbridge.adapter.out.gemini.Fixtures.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streamGenerateContent?alt=sse} events → {@code chat.completion.chunk}s. */
class StreamTranslationTest {
    private static final String SCENARIO = "stream-text-and-tools/";
    private static final Usage LAST_REPORTED = new Usage(60L, 70L, 130L, 30L, 0L, UsageSource.PROVIDER);

    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    @Test
    void streams_thoughts_text_and_numbered_function_calls_then_the_finish_and_the_last_usage() {
        gemini.stream(SCENARIO + "gemini-stream.sse");
        List<ChatChunk> chunks = drain(Fixtures.request(SCENARIO + "openai-request.json"));

        assertSameJson(Fixtures.json(SCENARIO + "gemini-request.json"), gemini.receivedBody());
        assertEquals("c3RyZWFtLXRleHQtYW5kLXRvb2xz", upstreamRequestId);
        assertEquals("c3RyZWFtLXRleHQtYW5kLXRvb2xz", responseId);
        assertSameJson(Fixtures.jsonLines(SCENARIO + "openai-chunks.jsonl"), json(chunks));
        assertEquals(List.of("Let me check", " all three."),
                chunks.stream().map(ChatChunk::contentDelta).filter(d -> d != null && !d.isEmpty()).toList());
        assertEquals("tool_calls", chunks.get(5).finishReason());
        // Gemini repeats usage on every event; only the last counts, once.
        assertEquals(LAST_REPORTED, chunks.getLast().usage());
        assertEquals(1, chunks.stream().filter(chunk -> chunk.usage() != null).count());
    }

    @Test
    void without_include_usage_shows_no_usage_but_still_hands_the_gateway_the_reported_usage() {
        gemini.stream(SCENARIO + "gemini-stream.sse");
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.json(SCENARIO + "openai-request.json"));
        body.remove("stream_options");
        List<ChatChunk> chunks = drain(ChatRequest.from(body));

        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> chunk : Fixtures.jsonLines(SCENARIO + "openai-chunks.jsonl")) {
            if (!((List<?>) chunk.get("choices")).isEmpty()) {
                Map<String, Object> withoutUsage = new LinkedHashMap<>(chunk);
                withoutUsage.remove("usage");
                expected.add(withoutUsage);
            }
        }
        assertSameJson(expected, json(chunks));
        assertEquals(LAST_REPORTED, chunks.getLast().usage());
        assertEquals("tool_calls", chunks.getLast().finishReason());
    }

    @Test
    void refuses_a_prompt_gemini_blocked_before_any_chunk_so_the_client_gets_a_real_status() {
        gemini.stream("stream-prompt-blocked.sse");
        try (ChatStream stream = gemini.provider().stream(GeminiMock.route(), streamRequest())) {
            BridgeException error = assertThrows(BridgeException.class, stream::next);
            assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
            assertEquals("content_filter", error.code());
            assertTrue(error.getMessage().contains("PROHIBITED_CONTENT"), error.getMessage());
        }
    }

    @Test
    void fails_with_the_mapped_kind_when_gemini_sends_an_error_event_midway() {
        gemini.stream("stream-error-midway.sse");
        try (ChatStream stream = gemini.provider().stream(GeminiMock.route(), streamRequest())) {
            assertEquals("Once upon", stream.next().orElseThrow().contentDelta());
            BridgeException error = assertThrows(BridgeException.class, stream::next);
            assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
            assertTrue(error.getMessage().contains("UNAVAILABLE"), error.getMessage());
            assertEquals(Optional.empty(), stream.next(), "a failed stream is over");
        }
    }

    @Test
    void fails_when_gemini_closes_the_stream_before_finishing() {
        gemini.stream("stream-cut-off.sse");
        try (ChatStream stream = gemini.provider().stream(GeminiMock.route(), streamRequest())) {
            ChatChunk first = stream.next().orElseThrow();
            assertNull(first.finishReason());
            BridgeException error = assertThrows(BridgeException.class, stream::next);
            assertEquals("upstream_stream_broken", error.code());
        }
    }

    @Test
    void maps_an_error_status_before_the_stream_starts() {
        gemini.stream(429, "errors/RESOURCE_EXHAUSTED.json", "application/json");
        BridgeException error = assertThrows(BridgeException.class,
                () -> gemini.provider().stream(GeminiMock.route(), streamRequest()));
        assertEquals(ErrorKind.RATE_LIMITED, error.kind());
        assertEquals("48", error.retryAfter());
    }

    private static ChatRequest streamRequest() {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.json("plain-text/openai-request.json"));
        body.put("stream", true);
        return ChatRequest.from(body);
    }

    private String upstreamRequestId;
    private String responseId;

    private List<ChatChunk> drain(ChatRequest request) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChatStream stream = gemini.provider().stream(GeminiMock.route(), request)) {
            for (Optional<ChatChunk> chunk = stream.next(); chunk.isPresent(); chunk = stream.next()) {
                chunks.add(chunk.get());
            }
            upstreamRequestId = stream.upstreamRequestId();
            responseId = stream.responseId();
        }
        return chunks;
    }

    private static List<Map<String, Object>> json(List<ChatChunk> chunks) {
        return chunks.stream().map(chunk -> PlainJson.parseObject(chunk.json())).toList();
    }
}
