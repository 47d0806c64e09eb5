package io.llmbridge.adapter.out.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of OpenAI's completion and chunk JSON this adapter writes. */
final class OpenAiShapes {
    private OpenAiShapes() {
    }

    /** Anthropic's {@code stop_reason} → OpenAI's {@code finish_reason}. */
    static String finishReason(String stopReason) {
        return switch (stopReason == null ? "end_turn" : stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /** OpenAI's ids start with {@code chatcmpl-}; Anthropic's message id follows it. */
    static String completionId(String messageId) {
        return "chatcmpl-" + (messageId == null ? "anthropic" : messageId);
    }

    static Map<String, Object> envelope(String id, String object, long created, String model) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("object", object);
        envelope.put("created", created);
        envelope.put("model", model);
        return envelope;
    }

    static Map<String, Object> toolCall(String id, String name, String arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", arguments);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", id);
        call.put("type", "function");
        call.put("function", function);
        return call;
    }
}
