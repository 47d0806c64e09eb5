package io.llmbridge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated chat completion request. {@code body} is every field the client sent, in its
 * order and as plain JSON values; the typed accessors are views of it that the gateway needs.
 */
public record ChatRequest(Map<String, Object> body, String model, List<ChatMessage> messages,
                          boolean stream, Long maxTokens) {

    public ChatRequest {
        body = JsonValues.copyObject(body);
        messages = List.copyOf(messages);
    }

    /** Validates a parsed JSON object as an OpenAI chat completion request. */
    public static ChatRequest from(Map<String, Object> body) {
        Object model = body.get("model");
        if (!(model instanceof String name) || name.isBlank()) {
            throw BridgeException.invalidRequest("model", "'model' is required and must be a non-empty string"
                    + (model == null ? "." : ", not " + JsonValues.typeName(model) + "."));
        }
        if (!(body.get("messages") instanceof List<?> rawMessages) || rawMessages.isEmpty()) {
            throw BridgeException.invalidRequest("messages", "'messages' is required and must be a non-empty array.");
        }
        List<ChatMessage> messages = new ArrayList<>(rawMessages.size());
        for (int i = 0; i < rawMessages.size(); i++) {
            messages.add(ChatMessage.from(rawMessages.get(i), i));
        }
        boolean stream = booleanField(body, "stream");
        requireType(body, "stream_options", Map.class, "an object");
        requireType(body, "tools", List.class, "an array");
        requireType(body, "temperature", Number.class, "a number");
        requireType(body, "top_p", Number.class, "a number");
        Object stop = body.get("stop");
        if (stop != null && !(stop instanceof String) && !(stop instanceof List<?>)) {
            throw BridgeException.invalidRequest("stop", "'stop' must be a string or an array of strings.");
        }
        positiveInteger(body, "n");
        Long maxTokens = positiveInteger(body, "max_completion_tokens");
        Long legacyMaxTokens = positiveInteger(body, "max_tokens");
        return new ChatRequest(body, name, messages, stream, maxTokens != null ? maxTokens : legacyMaxTokens);
    }

    /** The same request with a rewritten body (route rules, clamps), validated again. */
    public ChatRequest withBody(Map<String, Object> newBody) {
        return newBody == body ? this : from(newBody);
    }

    private static boolean booleanField(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw BridgeException.invalidRequest(field, "'" + field + "' must be a boolean, not " + JsonValues.typeName(value) + ".");
    }

    private static void requireType(Map<String, Object> body, String field, Class<?> type, String description) {
        Object value = body.get(field);
        if (value != null && !type.isInstance(value)) {
            throw BridgeException.invalidRequest(field, "'" + field + "' must be " + description + ", not " + JsonValues.typeName(value) + ".");
        }
    }

    private static Long positiveInteger(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d >= 1 && d == Math.rint(d) && d <= Long.MAX_VALUE) {
                return number.longValue();
            }
        }
        throw BridgeException.invalidRequest(field, "'" + field + "' must be a positive integer.");
    }
}
