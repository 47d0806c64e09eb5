package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatResponse;
import jakarta.json.JsonException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat completion rebuilt as a Messages response: reasoning as a {@code thinking} block, the
 * text as a {@code text} block, each tool call as a {@code tool_use} block with its arguments
 * parsed into {@code input}, the finish reason as {@code stop_reason}, and the usage the gateway
 * recorded (the provider's, or its estimate).
 */
final class MessagesResponse {
    private MessagesResponse() {
    }

    /**
     * @param id    the message's id
     * @param model the model as the client named it
     */
    static String json(ChatResponse response, String id, String model) {
        Map<String, Object> message = firstMessage(PlainJson.parseObject(response.json()));
        List<Object> content = new ArrayList<>();
        String reasoning = reasoning(message);
        if (!reasoning.isEmpty()) {
            content.add(Fields.ordered("type", "thinking", "thinking", reasoning, "signature", ""));
        }
        if (message.get("content") instanceof String text && !text.isEmpty()) {
            content.add(Fields.ordered("type", "text", "text", text));
        }
        if (message.get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> toolCall && toolCall.get("function") instanceof Map<?, ?> function) {
                    content.add(Fields.ordered("type", "tool_use", "id", toolCall.get("id"), "name", function.get("name"),
                            "input", input(function.get("arguments"))));
                }
            }
        }
        return PlainJson.write(Fields.ordered("id", id, "type", "message", "role", "assistant", "model", model,
                "content", content, "stop_reason", MessagesUsage.stopReason(response.finishReason()),
                "stop_sequence", null, "usage", MessagesUsage.json(response.usage())));
    }

    private static Map<String, Object> firstMessage(Map<String, Object> completion) {
        if (completion.get("choices") instanceof List<?> choices && !choices.isEmpty()
                && choices.getFirst() instanceof Map<?, ?> choice && choice.get("message") instanceof Map<?, ?> message) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) message;
            return typed;
        }
        return Map.of();
    }

    /** Reasoning text, under the name DeepSeek and vLLM ({@code reasoning_content}) or others ({@code reasoning}) give it. */
    static String reasoning(Map<?, ?> message) {
        if (message.get("reasoning_content") instanceof String text) {
            return text;
        }
        return message.get("reasoning") instanceof String text ? text : "";
    }

    /**
     * A tool call's arguments as the object Anthropic's {@code input} is. Arguments a model wrote
     * that are not a JSON object leave it empty: the tool then reports what it misses.
     */
    static Map<String, Object> input(Object arguments) {
        if (arguments instanceof String text && !text.isBlank()) {
            try {
                return PlainJson.parseObject(text);
            } catch (JsonException | PlainJson.NotAnObjectException e) {
                return Map.of();
            }
        }
        return Map.of();
    }
}
