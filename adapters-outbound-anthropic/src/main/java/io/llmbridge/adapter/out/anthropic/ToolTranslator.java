package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.domain.BridgeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} → Anthropic's. */
final class ToolTranslator {
    private ToolTranslator() {
    }

    static List<Object> tools(Object value) {
        if (!(value instanceof List<?> list)) {
            throw BridgeException.invalidRequest("tools", "tools must be an array.");
        }
        List<Object> tools = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "tools[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> tool) || !"function".equals(tool.get("type"))
                    || !(tool.get("function") instanceof Map<?, ?> function)) {
                throw BridgeException.invalidRequest(path, path + " must be a function tool; Anthropic is given functions only.");
            }
            Map<String, Object> translated = new LinkedHashMap<>();
            translated.put("name", RequestTranslator.text(function.get("name"), path + ".function.name"));
            if (function.get("description") != null) {
                translated.put("description", RequestTranslator.text(function.get("description"), path + ".function.description"));
            }
            // Anthropic requires a schema; a function without parameters takes an empty object.
            translated.put("input_schema", function.get("parameters") instanceof Map<?, ?> schema ? schema
                    : Map.of("type", "object", "properties", Map.of()));
            tools.add(translated);
        }
        return tools;
    }

    /** Null when neither says anything Anthropic's default ({@code auto}, parallel calls allowed) does not. */
    static Map<String, Object> toolChoice(Object choice, Object parallel) {
        Map<String, Object> translated = new LinkedHashMap<>();
        if (choice instanceof String mode) {
            translated.put("type", switch (mode) {
                case "auto" -> "auto";
                case "none" -> "none";
                case "required" -> "any";
                default -> throw BridgeException.invalidRequest("tool_choice", "tool_choice must be auto, none, required or a function.");
            });
        } else if (choice instanceof Map<?, ?> named && "function".equals(named.get("type"))
                && named.get("function") instanceof Map<?, ?> function) {
            translated.put("type", "tool");
            translated.put("name", RequestTranslator.text(function.get("name"), "tool_choice.function.name"));
        } else if (choice != null) {
            throw BridgeException.invalidRequest("tool_choice", "tool_choice must be auto, none, required or a function.");
        }
        if (Boolean.FALSE.equals(parallel)) {
            translated.putIfAbsent("type", "auto");
            if (!"none".equals(translated.get("type"))) {
                translated.put("disable_parallel_tool_use", true);
            }
        }
        return translated.isEmpty() ? null : translated;
    }
}
