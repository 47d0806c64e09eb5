package io.llmbridge.adapter.out.gemini;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code reasoning_effort} → Gemini's {@code thinkingConfig}. The budgets are tokens of thought;
 * each lies inside the range of every Gemini 2.5 model (Flash-Lite's floor is 512, Flash's
 * ceiling 24576). Thoughts are asked back ({@code includeThoughts}) so that they reach the
 * client as {@code reasoning_content}, as a reasoning model's do elsewhere.
 */
final class Thinking {
    private static final Map<String, Integer> BUDGETS = Map.of(
            "minimal", 512, "low", 1024, "medium", 8192, "high", 24576);

    private Thinking() {
    }

    static Map<String, Object> config(Object effort) {
        Map<String, Object> config = new LinkedHashMap<>();
        if ("none".equals(effort)) {
            config.put("thinkingBudget", 0); // turns thinking off where the model allows it (Flash, Flash-Lite)
            return config;
        }
        Integer budget = effort instanceof String level ? BUDGETS.get(level) : null;
        if (budget == null) {
            throw Refusals.invalid("reasoning_effort", "one of 'none', 'minimal', 'low', 'medium', 'high'", effort);
        }
        config.put("includeThoughts", true);
        config.put("thinkingBudget", budget);
        return config;
    }
}
