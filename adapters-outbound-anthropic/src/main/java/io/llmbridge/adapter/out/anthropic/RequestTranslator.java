package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI chat completions body → an Anthropic Messages body. Every field is translated, left
 * out as harmless, or refused with a 400 naming it: nothing is dropped silently.
 */
final class RequestTranslator {
    /** OpenAI's bookkeeping, or what another field already says: no effect on what is generated. */
    private static final Set<String> HARMLESS = Set.of("model", "stream", "stream_options", "store", "metadata",
            "prompt_cache_key", "safety_identifier", "n", "parallel_tool_calls", "response_format");
    /** Thinking budgets for OpenAI's efforts; Anthropic's smallest budget is 1024 tokens. */
    private static final Map<String, Long> THINKING_BUDGETS = Map.of("minimal", 1024L, "low", 2048L, "medium", 8192L,
            "high", 24576L);
    private static final long MIN_THINKING_BUDGET = 1024;

    private RequestTranslator() {
    }

    static Map<String, Object> translate(Map<String, Object> openAi, ModelRoute route, long defaultMaxTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", route.upstreamModel());
        long maxTokens = maxTokens(openAi, route, defaultMaxTokens);
        body.put("max_tokens", maxTokens);
        MessageTranslator.translate(list(openAi, "messages", "messages"), body);
        for (Map.Entry<String, Object> field : openAi.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (value == null || name.equals("messages") || name.equals("max_tokens") || name.equals("max_completion_tokens")) {
                continue;
            }
            switch (name) {
                case "temperature", "top_p" -> body.put(name, number(value, name));
                case "stop" -> body.put("stop_sequences", value instanceof String one ? List.of(one) : strings(value, name));
                case "user" -> body.put("metadata", Map.of("user_id", text(value, name)));
                case "tools" -> body.put("tools", ToolTranslator.tools(value));
                case "tool_choice", "parallel_tool_calls" -> {
                    // together below: Anthropic says both in tool_choice
                }
                case "reasoning_effort" -> thinking(text(value, name), maxTokens, body);
                default -> requireHarmless(name, value);
            }
        }
        Map<String, Object> toolChoice = ToolTranslator.toolChoice(openAi.get("tool_choice"), openAi.get("parallel_tool_calls"));
        if (toolChoice != null) {
            body.put("tool_choice", toolChoice);
        }
        return body;
    }

    /** The request's own limit, else the model's {@code max_tokens}, else the provider's default. */
    private static long maxTokens(Map<String, Object> openAi, ModelRoute route, long defaultMaxTokens) {
        for (String name : List.of("max_completion_tokens", "max_tokens")) {
            Object value = openAi.get(name);
            if (value != null) {
                if (!(value instanceof Number number) || number.longValue() < 1 || number.doubleValue() != number.longValue()) {
                    throw BridgeException.invalidRequest(name, name + " must be a positive whole number.");
                }
                return number.longValue();
            }
        }
        return route.maxTokens() != null ? route.maxTokens() : defaultMaxTokens;
    }

    /** A thinking budget below {@code max_tokens}, as Anthropic requires. */
    private static void thinking(String effort, long maxTokens, Map<String, Object> body) {
        if (effort.equals("none")) {
            return;
        }
        Long budget = THINKING_BUDGETS.get(effort);
        if (budget == null) {
            throw BridgeException.invalidRequest("reasoning_effort",
                    "reasoning_effort must be one of none, minimal, low, medium, high.");
        }
        long fitted = Math.min(budget, maxTokens - 1);
        if (fitted < MIN_THINKING_BUDGET) {
            throw BridgeException.invalidRequest("reasoning_effort", "Anthropic needs max_tokens above "
                    + MIN_THINKING_BUDGET + " to think; raise max_completion_tokens or leave out reasoning_effort.");
        }
        body.put("thinking", Map.of("type", "enabled", "budget_tokens", fitted));
    }

    private static void requireHarmless(String name, Object value) {
        boolean harmless = HARMLESS.contains(name)
                && !(name.equals("n") && !(value instanceof Number n && n.intValue() == 1))
                && !(name.equals("response_format") && !(value instanceof Map<?, ?> format && "text".equals(format.get("type"))));
        if (!harmless) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "The Anthropic adapter cannot translate '" + name
                    + "' with this value; let the route delete it (param_config.delete_params) to send the request anyway.")
                    .param(name).code("unsupported_parameter").build();
        }
    }

    static List<?> list(Map<String, Object> parent, String field, String path) {
        Object value = parent.get(field);
        if (value instanceof List<?> list) {
            return list;
        }
        throw BridgeException.invalidRequest(path, path + " must be an array.");
    }

    static String text(Object value, String path) {
        if (value instanceof String text) {
            return text;
        }
        throw BridgeException.invalidRequest(path, path + " must be a string.");
    }

    private static Number number(Object value, String path) {
        if (value instanceof Number number) {
            return number;
        }
        throw BridgeException.invalidRequest(path, path + " must be a number.");
    }

    private static List<String> strings(Object value, String path) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                strings.add(text(item, path));
            }
            return strings;
        }
        throw BridgeException.invalidRequest(path, path + " must be a string or an array of strings.");
    }

    /** Tool-call arguments as the JSON object Anthropic wants for {@code input}; empty text is no arguments. */
    static Map<String, Object> arguments(Object arguments, String path) {
        String json = arguments == null ? "" : text(arguments, path);
        if (json.isBlank()) {
            return Map.of();
        }
        try {
            return PlainJson.parseObject(json);
        } catch (RuntimeException e) {
            throw BridgeException.invalidRequest(path, path + " must be a JSON object.");
        }
    }
}
