package io.llmbridge.adapter.out.openai;

import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.util.List;
import java.util.Map;

/** Reads what the gateway needs from OpenAI's response and chunk objects. */
final class OpenAiJson {
    private OpenAiJson() {
    }

    static Usage usage(Map<String, Object> object) {
        if (!(object.get("usage") instanceof Map<?, ?> usage)) {
            return null;
        }
        return new Usage(number(usage.get("prompt_tokens")), number(usage.get("completion_tokens")),
                number(usage.get("total_tokens")),
                nested(usage, "completion_tokens_details", "reasoning_tokens"),
                nested(usage, "prompt_tokens_details", "cached_tokens"),
                UsageSource.PROVIDER);
    }

    /** The first choice's finish reason, or null while there is none. */
    static String finishReason(Map<String, Object> object) {
        Map<?, ?> choice = firstChoice(object);
        return choice != null && choice.get("finish_reason") instanceof String reason ? reason : null;
    }

    /** The first choice's delta content, or null. */
    static String contentDelta(Map<String, Object> chunk) {
        Map<?, ?> choice = firstChoice(chunk);
        return choice != null && choice.get("delta") instanceof Map<?, ?> delta
                && delta.get("content") instanceof String content ? content : null;
    }

    /** The first choice's message content of a whole answer, or null (e.g. a tool call only). */
    static String messageContent(Map<String, Object> completion) {
        Map<?, ?> choice = firstChoice(completion);
        return choice != null && choice.get("message") instanceof Map<?, ?> message
                && message.get("content") instanceof String content ? content : null;
    }

    private static Map<?, ?> firstChoice(Map<String, Object> object) {
        return object.get("choices") instanceof List<?> choices && !choices.isEmpty()
                && choices.getFirst() instanceof Map<?, ?> choice ? choice : null;
    }

    private static Long nested(Map<?, ?> usage, String details, String field) {
        return usage.get(details) instanceof Map<?, ?> map ? number(map.get(field)) : null;
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
