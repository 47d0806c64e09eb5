package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.GeneratedText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Anthropic {@code message} → an OpenAI {@code chat.completion}. */
final class ResponseTranslator {
    private ResponseTranslator() {
    }

    /**
     * @param created          the answer's time, seconds since the epoch
     * @param upstreamRequestId Anthropic's {@code request-id} header; the message id when absent
     */
    static ChatResponse translate(Map<String, Object> message, long created, String upstreamRequestId,
                                  AnthropicFailures failures) {
        if (!"message".equals(message.get("type")) || !(message.get("content") instanceof List<?> blocks)) {
            throw failures.invalidResponse("answered with something other than a message");
        }
        String messageId = message.get("id") instanceof String id ? id : null;
        String completionId = OpenAiShapes.completionId(messageId);
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<Object> calls = new ArrayList<>();
        for (Object item : blocks) {
            Map<?, ?> block = item instanceof Map<?, ?> map ? map : Map.of();
            switch (block.get("type") instanceof String type ? type : "") {
                case "text" -> text.append(block.get("text") instanceof String t ? t : "");
                case "thinking" -> thinking.append(block.get("thinking") instanceof String t ? t : "");
                case "tool_use" -> calls.add(OpenAiShapes.toolCall(String.valueOf(block.get("id")),
                        String.valueOf(block.get("name")), PlainJson.write(block.get("input") == null ? Map.of() : block.get("input"))));
                default -> {
                    // redacted_thinking and server tool blocks have no OpenAI counterpart
                }
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("role", "assistant");
        reply.put("content", text.isEmpty() && !calls.isEmpty() ? null : text.toString());
        if (!thinking.isEmpty()) {
            reply.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            reply.put("tool_calls", calls);
        }
        reply.put("refusal", null);
        String finishReason = OpenAiShapes.finishReason(message.get("stop_reason") instanceof String r ? r : null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", reply);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> completion = OpenAiShapes.envelope(completionId, "chat.completion",
                created, message.get("model") instanceof String model ? model : null);
        completion.put("choices", List.of(choice));
        AnthropicUsage usage = AnthropicUsage.of(message.get("usage"));
        completion.put("usage", usage.json());
        return new ChatResponse(PlainJson.write(completion), usage.usage(), finishReason,
                upstreamRequestId != null ? upstreamRequestId : messageId, messageId != null ? messageId : completionId,
                GeneratedText.NONE);
    }
}
