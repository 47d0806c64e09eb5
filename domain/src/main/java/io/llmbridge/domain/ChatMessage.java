package io.llmbridge.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One message of a chat request: the fields the gateway reasons about, plus the whole message as
 * the client sent it ({@code fields}), so nothing is lost on the way to an OpenAI-shaped upstream.
 */
public record ChatMessage(String role, Object content, Map<String, Object> fields) {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    public ChatMessage {
        fields = JsonValues.copyObject(fields);
    }

    /** Validates one element of {@code messages}; {@code index} names it in errors. */
    static ChatMessage from(Object value, int index) {
        String where = "messages[" + index + "]";
        if (!(value instanceof Map<?, ?> raw)) {
            throw BridgeException.invalidRequest(where, where + " must be an object, not " + JsonValues.typeName(value) + ".");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) raw;
        if (!(message.get("role") instanceof String role)) {
            throw BridgeException.invalidRequest(where + ".role", where + ".role is required and must be a string.");
        }
        if (!ROLES.contains(role)) {
            throw BridgeException.invalidRequest(where + ".role", where + ".role must be one of " + ROLES.stream().sorted().toList() + ", not '" + ClientText.name(role) + "'.");
        }
        Object content = message.get("content");
        if (content != null && !(content instanceof String) && !(content instanceof List<?>)) {
            throw BridgeException.invalidRequest(where + ".content", where + ".content must be a string or an array of content parts, not " + JsonValues.typeName(content) + ".");
        }
        return new ChatMessage(role, content, message);
    }

    /** The message's text: the string content, or its text parts joined. */
    public String text() {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Map<?, ?> map && "text".equals(map.get("type")) && map.get("text") instanceof String s) {
                    text.append(s);
                }
            }
            return text.toString();
        }
        return "";
    }
}
