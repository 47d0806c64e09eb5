package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRequestTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "echo/echo-1");
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static BridgeException refused(Map<String, Object> body) {
        BridgeException error = assertThrows(BridgeException.class, () -> ChatRequest.from(body));
        assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
        return error;
    }

    @Test
    void keeps_every_field_the_client_sent_in_order() {
        Map<String, Object> body = body("seed", 7L, "response_format", Map.of("type", "json_object"), "future_field", true);
        ChatRequest request = ChatRequest.from(body);
        assertEquals(List.copyOf(body.keySet()), List.copyOf(request.body().keySet()));
        assertEquals(7L, request.body().get("seed"));
        assertFalse(request.stream());
    }

    @Test
    void reads_stream_and_the_newer_max_completion_tokens_first() {
        ChatRequest request = ChatRequest.from(body("stream", true, "max_tokens", 10L, "max_completion_tokens", 20L));
        assertTrue(request.stream());
        assertEquals(20L, request.maxTokens());
    }

    @Test
    void a_missing_or_empty_model_is_refused_naming_the_field() {
        Map<String, Object> noModel = body();
        noModel.remove("model");
        assertEquals("model", refused(noModel).param());
        assertEquals("model", refused(body("model", "")).param());
        assertEquals("model", refused(body("model", 42L)).param());
    }

    @Test
    void missing_or_malformed_messages_are_refused_naming_the_field() {
        assertEquals("messages", refused(body("messages", List.of())).param());
        assertEquals("messages", refused(body("messages", "hi")).param());
        assertEquals("messages[0]", refused(body("messages", List.of("hi"))).param());
        assertEquals("messages[0].role", refused(body("messages", List.of(Map.of("content", "hi")))).param());
        assertEquals("messages[0].role", refused(body("messages", List.of(Map.of("role", "robot", "content", "hi")))).param());
        assertEquals("messages[0].content", refused(body("messages", List.of(Map.of("role", "user", "content", 5L)))).param());
    }

    @Test
    void wrong_types_of_known_fields_are_refused_naming_the_field() {
        assertEquals("stream", refused(body("stream", "yes")).param());
        assertEquals("max_tokens", refused(body("max_tokens", 0L)).param());
        assertEquals("max_tokens", refused(body("max_tokens", new java.math.BigDecimal("1.5"))).param());
        assertEquals("temperature", refused(body("temperature", "hot")).param());
        assertEquals("tools", refused(body("tools", Map.of())).param());
        assertEquals("stop", refused(body("stop", 3L)).param());
    }

    @Test
    void message_text_joins_the_text_parts_of_multimodal_content() {
        ChatMessage message = ChatRequest.from(body("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "look at "),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,AAAA")),
                Map.of("type", "text", "text", "this")))))).messages().getFirst();
        assertEquals("look at this", message.text());
    }
}
