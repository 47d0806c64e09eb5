package io.llmbridge.adapter.out.openai;

import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

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

    /** True for the chunk that carries only usage ({@code "choices": []}), as {@code include_usage} makes it. */
    static boolean isUsageOnly(Map<String, Object> chunk) {
        return chunk.get("usage") instanceof Map<?, ?>
                && (!(chunk.get("choices") instanceof List<?> choices) || choices.isEmpty());
    }

    /** The content this chunk adds, over all its choices; null when none. */
    static String contentDelta(Map<String, Object> chunk) {
        return generated(chunk, "delta", (message, text) -> append(text, message.get("content")));
    }

    /** The reasoning text this chunk adds ({@code reasoning_content}, or {@code reasoning} as vLLM and OpenRouter write it). */
    static String reasoningDelta(Map<String, Object> chunk) {
        return generated(chunk, "delta", OpenAiJson::appendReasoning);
    }

    /** The tool-call function names and argument text this chunk adds. */
    static String toolCallDelta(Map<String, Object> chunk) {
        return generated(chunk, "delta", OpenAiJson::appendToolCalls);
    }

    /** Everything a non-streamed answer generated, over all its choices. */
    static GeneratedText output(Map<String, Object> completion) {
        return new GeneratedText(
                generated(completion, "message", (message, text) -> append(text, message.get("content"))),
                generated(completion, "message", OpenAiJson::appendReasoning),
                generated(completion, "message", OpenAiJson::appendToolCalls));
    }

    private static String generated(Map<String, Object> object, String messageField, BiConsumer<Map<?, ?>, StringBuilder> reader) {
        if (!(object.get("choices") instanceof List<?> choices)) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Object choice : choices) {
            if (choice instanceof Map<?, ?> map && map.get(messageField) instanceof Map<?, ?> message) {
                reader.accept(message, text);
            }
        }
        return text.isEmpty() ? null : text.toString();
    }

    private static void appendReasoning(Map<?, ?> message, StringBuilder text) {
        append(text, message.get("reasoning_content") instanceof String reasoning ? reasoning : message.get("reasoning"));
    }

    private static void appendToolCalls(Map<?, ?> message, StringBuilder text) {
        if (message.get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
                    append(text, function.get("name"));
                    append(text, function.get("arguments"));
                }
            }
        }
        if (message.get("function_call") instanceof Map<?, ?> legacy) {
            append(text, legacy.get("name"));
            append(text, legacy.get("arguments"));
        }
    }

    private static void append(StringBuilder text, Object value) {
        if (value instanceof String s) {
            text.append(s);
        }
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
