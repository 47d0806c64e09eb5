package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic's {@code usage} → the gateway's {@link Usage} and OpenAI's {@code usage}. Anthropic
 * counts cached input apart from {@code input_tokens}; OpenAI's prompt tokens include it, so
 * prompt tokens are input + cache read + cache creation, and cache reads are the cached tokens.
 */
record AnthropicUsage(long input, long cacheCreation, long cacheRead, long output) {

    static AnthropicUsage of(Object usage) {
        Map<?, ?> fields = usage instanceof Map<?, ?> map ? map : Map.of();
        return new AnthropicUsage(count(fields, "input_tokens"), count(fields, "cache_creation_input_tokens"),
                count(fields, "cache_read_input_tokens"), count(fields, "output_tokens"));
    }

    /** {@code message_delta} reports the output so far, and may repeat the input counts. */
    AnthropicUsage updatedBy(Object delta) {
        Map<?, ?> fields = delta instanceof Map<?, ?> map ? map : Map.of();
        return new AnthropicUsage(fields.containsKey("input_tokens") ? count(fields, "input_tokens") : input,
                fields.containsKey("cache_creation_input_tokens") ? count(fields, "cache_creation_input_tokens") : cacheCreation,
                fields.containsKey("cache_read_input_tokens") ? count(fields, "cache_read_input_tokens") : cacheRead,
                fields.containsKey("output_tokens") ? count(fields, "output_tokens") : output);
    }

    long prompt() {
        return input + cacheCreation + cacheRead;
    }

    Usage usage() {
        return new Usage(prompt(), output, prompt() + output, null, cacheRead, UsageSource.PROVIDER);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", prompt());
        json.put("completion_tokens", output);
        json.put("total_tokens", prompt() + output);
        json.put("prompt_tokens_details", Map.of("cached_tokens", cacheRead));
        return json;
    }

    private static long count(Map<?, ?> fields, String name) {
        return fields.get(name) instanceof Number number ? number.longValue() : 0L;
    }
}
