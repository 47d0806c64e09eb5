package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI-shaped requests to Anthropic and its answers back, against fixtures from Anthropic's documented examples. */
class AnthropicTranslationTest {
    @RegisterExtension
    static final AnthropicMock anthropic = new AnthropicMock();

    private static ChatRequest request(String json) {
        return ChatRequest.from(PlainJson.parseObject(json));
    }

    @Test
    void a_conversation_is_sent_as_anthropic_messages_with_the_key_and_version_headers() {
        anthropic.answerFixture(200, "message-thinking-tool-cache.json");
        anthropic.provider().complete(AnthropicMock.route(), request("""
                {"model":"anthropic/claude","max_completion_tokens":2000,"temperature":0.5,"top_p":0.9,"stop":"END",
                 "reasoning_effort":"high","user":"u-1","parallel_tool_calls":false,
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
                 "tool_choice":"required",
                 "messages":[{"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Look"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                    {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny"},
                  {"role":"tool","tool_call_id":"call_2","content":"rain"},
                  {"role":"user","content":"Thanks"}]}"""));
        Map<String, Object> sent = PlainJson.parseObject(anthropic.lastBody());
        assertEquals(AnthropicMock.KEY, anthropic.lastRequest().getFirstHeader("x-api-key"));
        assertEquals("2023-06-01", anthropic.lastRequest().getFirstHeader("anthropic-version"));
        assertEquals(AnthropicMock.MODEL, sent.get("model"));
        assertEquals(2000L, ((Number) sent.get("max_tokens")).longValue());
        assertEquals(List.of(Map.of("type", "text", "text", "Be brief.")), sent.get("system"));
        assertEquals(List.of("END"), sent.get("stop_sequences"));
        assertEquals(Map.of("type", "enabled", "budget_tokens", 1999L), longs(sent.get("thinking")));
        assertEquals(Map.of("type", "any", "disable_parallel_tool_use", true), sent.get("tool_choice"));
        assertEquals(Map.of("user_id", "u-1"), sent.get("metadata"));
        assertEquals("get_weather", ((Map<?, ?>) ((List<?>) sent.get("tools")).getFirst()).get("name"));
        List<?> messages = (List<?>) sent.get("messages");
        assertEquals(List.of("user", "assistant", "user"), messages.stream().map(m -> ((Map<?, ?>) m).get("role")).toList());
        List<?> look = (List<?>) ((Map<?, ?>) messages.get(0)).get("content");
        assertEquals(Map.of("type", "base64", "media_type", "image/png", "data", "iVBORw0KGgo="), ((Map<?, ?>) look.get(1)).get("source"));
        assertEquals(Map.of("type", "url", "url", "https://example.com/cat.jpg"), ((Map<?, ?>) look.get(2)).get("source"));
        List<?> calls = (List<?>) ((Map<?, ?>) messages.get(1)).get("content");
        assertEquals(Map.of("type", "tool_use", "id", "call_1", "name", "get_weather", "input", Map.of("location", "Paris")), calls.get(0));
        assertEquals(Map.of(), ((Map<?, ?>) calls.get(1)).get("input"));
        List<?> results = (List<?>) ((Map<?, ?>) messages.get(2)).get("content");
        assertEquals(3, results.size(), "both tool results and the next user text share one user turn");
        assertEquals("call_2", ((Map<?, ?>) results.get(1)).get("tool_use_id"));
    }

    @Test
    void max_tokens_comes_from_the_request_else_the_model_else_the_provider_default() {
        anthropic.answerFixture(200, "message-thinking-tool-cache.json");
        anthropic.provider(Map.of("default_max_tokens", 777)).complete(AnthropicMock.route(),
                request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(777L, ((Number) PlainJson.parseObject(anthropic.lastBody()).get("max_tokens")).longValue());
        var modelWithLimit = new io.llmbridge.domain.ModelRoute(AnthropicMock.route().ref(), AnthropicMock.MODEL, 321L,
                AnthropicMock.route().timeout(), io.llmbridge.domain.ParamRules.NONE);
        anthropic.provider().complete(modelWithLimit, request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(321L, ((Number) PlainJson.parseObject(anthropic.lastBody()).get("max_tokens")).longValue());
    }

    @Test
    void a_field_anthropic_cannot_take_is_refused_naming_it_before_any_call() {
        BridgeException refused = assertThrows(BridgeException.class, () -> anthropic.provider().complete(AnthropicMock.route(),
                request("{\"model\":\"m\",\"logit_bias\":{\"1\":2},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertEquals(ErrorKind.INVALID_REQUEST, refused.kind());
        assertEquals("logit_bias", refused.param());
        assertNull(anthropic.lastBody());
    }

    @Test
    void a_whole_answer_has_thinking_as_reasoning_tool_calls_and_cache_usage() {
        anthropic.answerFixture(200, "message-thinking-tool-cache.json");
        ChatResponse response = anthropic.provider().complete(AnthropicMock.route(),
                request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}"));
        Map<String, Object> json = PlainJson.parseObject(response.json());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) json.get("choices")).getFirst()).get("message");
        assertEquals("Let me check.", message.get("content"));
        assertEquals("The user wants the weather; I should call the tool.", message.get("reasoning_content"));
        Map<?, ?> call = (Map<?, ?>) ((List<?>) message.get("tool_calls")).getFirst();
        assertEquals("toolu_01A09q90qw90lq917835lq9", call.get("id"));
        assertEquals("{\"location\":\"San Francisco, CA\"}", ((Map<?, ?>) call.get("function")).get("arguments"));
        assertEquals("tool_calls", response.finishReason());
        assertEquals(1070L, response.usage().promptTokens(), "input + cache creation + cache read");
        assertEquals(1000L, response.usage().cachedTokens());
        assertEquals(90L, response.usage().completionTokens());
        assertEquals("req_fixture", response.upstreamRequestId());
        assertEquals("msg_01Aq9w938a90dw8q", response.responseId(), "the message's own id names the answer");
        assertEquals(1000L, ((Number) ((Map<?, ?>) ((Map<?, ?>) json.get("usage")).get("prompt_tokens_details")).get("cached_tokens")).longValue());
    }

    @Test
    void a_stream_with_thinking_and_a_ping_gives_reasoning_then_text_and_cached_usage() {
        anthropic.answerFixture(200, "stream-thinking.sse");
        List<ChatChunk> chunks = stream("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"27*453?\"}]}");
        assertEquals("Let me solve this step by step.", join(chunks, ChatChunk::reasoningDelta));
        assertEquals("27 * 453 = 12231", join(chunks, ChatChunk::contentDelta));
        assertEquals("stop", chunks.get(chunks.size() - 2).finishReason());
        ChatChunk usage = chunks.getLast();
        assertTrue(usage.forClient(), "the client asked for usage");
        assertEquals(2025L, usage.usage().promptTokens());
        assertEquals(2000L, usage.usage().cachedTokens());
        assertEquals(40L, usage.usage().completionTokens());
    }

    @Test
    void parallel_tool_calls_are_numbered_by_call_not_by_content_block() {
        anthropic.answerFixture(200, "stream-parallel-tools.sse");
        List<ChatChunk> chunks = stream("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}");
        Map<Long, StringBuilder> arguments = new LinkedHashMap<>();
        for (ChatChunk chunk : chunks) {
            List<?> choices = (List<?>) PlainJson.parseObject(chunk.json()).get("choices");
            Object delta = choices.isEmpty() ? null : ((Map<?, ?>) choices.getFirst()).get("delta");
            if (delta instanceof Map<?, ?> fields && fields.get("tool_calls") instanceof List<?> calls) {
                Map<?, ?> call = (Map<?, ?>) calls.getFirst();
                arguments.computeIfAbsent(((Number) call.get("index")).longValue(), i -> new StringBuilder())
                        .append(((Map<?, ?>) call.get("function")).get("arguments"));
            }
        }
        assertEquals("{\"location\": \"Paris\"}", arguments.get(0L).toString());
        assertEquals("{\"location\": \"Tokyo\"}", arguments.get(1L).toString());
        assertEquals("tool_calls", chunks.get(chunks.size() - 2).finishReason());
        assertFalse(chunks.getLast().forClient(), "usage the client did not ask for is the gateway's alone");
        assertEquals(89L, chunks.getLast().usage().completionTokens());
    }

    @Test
    void an_error_event_mid_stream_ends_it_with_the_errors_meaning() {
        anthropic.answerFixture(200, "stream-error-midway.sse");
        try (ChatStream stream = anthropic.provider().stream(AnthropicMock.route(),
                request("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))) {
            assertTrue(stream.next().isPresent());
            assertEquals("msg_01err", stream.responseId(), "named by message_start, whatever comes after");
            assertEquals("Hello", stream.next().orElseThrow().contentDelta());
            BridgeException error = assertThrows(BridgeException.class, stream::next);
            assertEquals(ErrorKind.UNAVAILABLE, error.kind());
        }
    }

    private List<ChatChunk> stream(String json) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChatStream stream = anthropic.provider().stream(AnthropicMock.route(), request(json))) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                chunks.add(chunk.get());
            }
        }
        return chunks;
    }

    private static String join(List<ChatChunk> chunks, java.util.function.Function<ChatChunk, String> part) {
        StringBuilder text = new StringBuilder();
        chunks.stream().map(part).filter(s -> s != null).forEach(text::append);
        return text.toString();
    }

    private static Map<?, ?> longs(Object value) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, v instanceof Number n && !(v instanceof Double) ? (Object) n.longValue() : v));
        return copy;
    }
}
