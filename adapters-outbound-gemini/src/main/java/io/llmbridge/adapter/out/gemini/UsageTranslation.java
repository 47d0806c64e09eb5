package io.llmbridge.adapter.out.gemini;

import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gemini's {@code usageMetadata} → the gateway's {@link Usage} and OpenAI's {@code usage}. Thought
 * tokens are completion tokens, as OpenAI counts reasoning; Gemini reports them apart.
 */
record UsageTranslation(Usage usage, Map<String, Object> json) {

    /** Null when Gemini reported no usage. */
    static UsageTranslation of(Map<String, Object> usageMetadata) {
        if (usageMetadata == null) {
            return null;
        }
        long prompt = Values.count(usageMetadata, "promptTokenCount");
        long thoughts = Values.count(usageMetadata, "thoughtsTokenCount");
        long completion = Values.count(usageMetadata, "candidatesTokenCount") + thoughts;
        long total = Values.count(usageMetadata, "totalTokenCount");
        long cached = Values.count(usageMetadata, "cachedContentTokenCount");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", prompt);
        json.put("completion_tokens", completion);
        json.put("total_tokens", total);
        json.put("prompt_tokens_details", Map.of("cached_tokens", cached));
        json.put("completion_tokens_details", Map.of("reasoning_tokens", thoughts));
        return new UsageTranslation(new Usage(prompt, completion, total, thoughts, cached, UsageSource.PROVIDER), json);
    }
}
