package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.domain.Usage;

import java.util.Map;

/**
 * Usage as Anthropic reports it. A chat upstream counts cached prompt tokens inside its prompt
 * tokens; Anthropic counts them apart, as {@code cache_read_input_tokens}, so they are taken out of
 * {@code input_tokens}. Writing to a cache has no chat counterpart: its count is zero.
 */
final class MessagesUsage {
    private MessagesUsage() {
    }

    /** @param usage null when nobody counted: everything is then zero */
    static Map<String, Object> json(Usage usage) {
        long prompt = usage == null || usage.promptTokens() == null ? 0 : usage.promptTokens();
        long cached = usage == null || usage.cachedTokens() == null ? 0 : Math.min(prompt, usage.cachedTokens());
        long output = usage == null || usage.completionTokens() == null ? 0 : usage.completionTokens();
        return Fields.ordered("input_tokens", prompt - cached, "cache_creation_input_tokens", 0L,
                "cache_read_input_tokens", cached, "output_tokens", output);
    }

    /** Anthropic's {@code stop_reason} for a chat finish reason; a stream that just ended is a finished turn. */
    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
