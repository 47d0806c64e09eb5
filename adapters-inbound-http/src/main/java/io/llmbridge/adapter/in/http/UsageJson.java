package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.Usage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Usage in OpenAI's JSON shape, and the gateway's estimate written into an answer that had none. */
final class UsageJson {
    private UsageJson() {
    }

    /**
     * The completion with {@code usage} set; every other field stays as it was. Only called for
     * an answer without usage of its own, so nothing the provider reported is overwritten.
     */
    static String withUsage(String completionJson, Usage usage) {
        Map<String, Object> completion = new LinkedHashMap<>(PlainJson.parseObject(completionJson));
        completion.put("usage", json(usage));
        return PlainJson.write(completion);
    }

    static Map<String, Object> json(Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", usage.promptTokens());
        json.put("completion_tokens", usage.completionTokens());
        json.put("total_tokens", usage.totalTokens());
        if (usage.cachedTokens() != null) {
            json.put("prompt_tokens_details", Map.of("cached_tokens", usage.cachedTokens()));
        }
        if (usage.reasoningTokens() != null) {
            json.put("completion_tokens_details", Map.of("reasoning_tokens", usage.reasoningTokens()));
        }
        return json;
    }
}
