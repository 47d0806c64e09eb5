package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.llmbridge.adapter.out.gemini.Fixtures.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer reads the same whatever framing the upstream gives its body: a length, chunks, or the
 * connection's close (legal in HTTP/1.1, and what some corporate proxies answer with).
 */
class BodyFramingTest {
    private static final String STREAM = "stream-text-and-tools/";
    private static final String PLAIN = "plain-text/";

    private static GeminiChatProvider providerAt(FramedUpstream upstream) {
        return providerAt(upstream, Map.of());
    }

    private static GeminiChatProvider providerAt(FramedUpstream upstream, Map<String, Object> options) {
        String base = "http://127.0.0.1:" + upstream.port() + "/v1beta";
        return new GeminiChatProvider(new ProviderSettings("gemini", base, new Secret(GeminiMock.KEY), "GEMINI_API_KEY", options),
                new GeminiEndpoints(base), Clock.fixed(Instant.ofEpochSecond(GeminiMock.CREATED), ZoneOffset.UTC));
    }

    @ParameterizedTest
    @EnumSource(FramedUpstream.Framing.class)
    void a_stream_gives_every_chunk_and_ends_normally(FramedUpstream.Framing framing) throws Exception {
        try (FramedUpstream upstream = new FramedUpstream(framing, "200 OK", Fixtures.text(STREAM + "gemini-stream.sse"))) {
            List<Map<String, Object>> chunks = new ArrayList<>();
            try (ChatStream stream = providerAt(upstream).stream(GeminiMock.route(), Fixtures.request(STREAM + "openai-request.json"))) {
                for (Optional<ChatChunk> chunk = stream.next(); chunk.isPresent(); chunk = stream.next()) {
                    chunks.add(PlainJson.parseObject(chunk.get().json()));
                }
            }
            assertSameJson(Fixtures.jsonLines(STREAM + "openai-chunks.jsonl"), chunks);
        }
    }

    @ParameterizedTest
    @EnumSource(FramedUpstream.Framing.class)
    void a_completion_is_read_whole(FramedUpstream.Framing framing) throws Exception {
        try (FramedUpstream upstream = new FramedUpstream(framing, "200 OK", Fixtures.text(PLAIN + "gemini-response.json"))) {
            String json = providerAt(upstream).complete(GeminiMock.route(), Fixtures.request(PLAIN + "openai-request.json")).json();
            assertSameJson(Fixtures.json(PLAIN + "openai-response.json"), PlainJson.parseObject(json));
        }
    }

    @ParameterizedTest
    @EnumSource(FramedUpstream.Framing.class)
    void an_error_body_is_read_and_passed_on(FramedUpstream.Framing framing) throws Exception {
        try (FramedUpstream upstream = new FramedUpstream(framing, "400 Bad Request", Fixtures.text("errors/INVALID_ARGUMENT.json"))) {
            BridgeException failure = assertThrows(BridgeException.class,
                    () -> providerAt(upstream).complete(GeminiMock.route(), Fixtures.request(PLAIN + "openai-request.json")));
            assertEquals(ErrorKind.INVALID_REQUEST, failure.kind());
            assertTrue(failure.getMessage().contains("INVALID_ARGUMENT"), failure.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(FramedUpstream.Framing.class)
    void a_completion_longer_than_max_response_size_is_an_invalid_response(FramedUpstream.Framing framing) throws Exception {
        try (FramedUpstream upstream = new FramedUpstream(framing, "200 OK", Fixtures.text(PLAIN + "gemini-response.json"))) {
            BridgeException failure = assertThrows(BridgeException.class, () -> providerAt(upstream, Map.of("max_response_size", 16))
                    .complete(GeminiMock.route(), Fixtures.request(PLAIN + "openai-request.json")));
            assertEquals("upstream_invalid_response", failure.code());
            assertEquals("Provider 'gemini' answered with a body larger than 16 bytes (max_response_size).", failure.getMessage());
        }
    }
}
