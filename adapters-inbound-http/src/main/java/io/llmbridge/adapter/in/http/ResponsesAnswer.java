package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.llmbridge.adapter.in.http.ResponseObjects.Ending;
import static io.llmbridge.adapter.in.http.ResponseObjects.Ids;

/**
 * A whole chat answer rebuilt as a Response object: the first choice's reasoning, text (and
 * refusal) and tool calls become output items in that order. Usage is the one the gateway
 * records, so a provider that reported none gets the gateway's estimate, as on the chat path.
 */
final class ResponsesAnswer {
    private ResponsesAnswer() {
    }

    static Map<String, Object> json(ChatResponse answer, ResponsesRequest request, RequestContext context) {
        Map<String, Object> message = firstMessage(PlainJson.parseObject(answer.json()));
        Ids ids = Ids.of(context);
        Ending ending = Ending.of(answer.finishReason());
        String status = ending.itemStatus();
        List<Object> output = new ArrayList<>();
        String reasoning = text(message.get("reasoning_content"), message.get("reasoning"));
        if (!reasoning.isEmpty()) {
            output.add(ResponseObjects.reasoning(ids.reasoning(output.size()), status, List.of(ResponseObjects.reasoningText(reasoning))));
        }
        List<?> toolCalls = message.get("tool_calls") instanceof List<?> calls ? calls : List.of();
        String content = text(message.get("content"));
        String refusal = text(message.get("refusal"));
        if (!content.isEmpty() || !refusal.isEmpty() || toolCalls.isEmpty()) {
            List<Object> parts = new ArrayList<>();
            if (!content.isEmpty() || refusal.isEmpty()) {
                parts.add(ResponseObjects.outputText(content));
            }
            if (!refusal.isEmpty()) {
                parts.add(ResponseObjects.refusal(refusal));
            }
            output.add(ResponseObjects.message(ids.message(output.size()), status, parts));
        }
        for (Object call : toolCalls) {
            if (call instanceof Map<?, ?> toolCall && toolCall.get("function") instanceof Map<?, ?> function) {
                output.add(ResponseObjects.functionCall(ids.functionCall(output.size()), status, text(toolCall.get("id")),
                        text(function.get("name")), text(function.get("arguments"))));
            }
        }
        return ResponseObjects.response(ids, context, request.model(), ending, output, answer.usage(), request.settings());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstMessage(Map<String, Object> completion) {
        if (completion.get("choices") instanceof List<?> choices && !choices.isEmpty()
                && choices.getFirst() instanceof Map<?, ?> choice && choice.get("message") instanceof Map<?, ?> message) {
            return (Map<String, Object>) message;
        }
        return Map.of();
    }

    /** The first of the values that is a string; content written as text parts is joined. */
    private static String text(Object... values) {
        for (Object value : values) {
            if (value instanceof String text) {
                return text;
            }
            if (value instanceof List<?> parts) {
                StringBuilder text = new StringBuilder();
                parts.forEach(part -> {
                    if (part instanceof Map<?, ?> map && map.get("text") instanceof String piece) {
                        text.append(piece);
                    }
                });
                return text.toString();
            }
        }
        return "";
    }
}
