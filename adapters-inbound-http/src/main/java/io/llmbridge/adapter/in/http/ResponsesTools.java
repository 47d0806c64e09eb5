package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.JsonValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.llmbridge.adapter.in.http.ResponsesFields.bool;
import static io.llmbridge.adapter.in.http.ResponsesFields.element;
import static io.llmbridge.adapter.in.http.ResponsesFields.object;
import static io.llmbridge.adapter.in.http.ResponsesFields.requiredString;
import static io.llmbridge.adapter.in.http.ResponsesFields.string;

/**
 * {@code tools}, {@code tool_choice} and {@code text.format} in their chat form. Responses name a
 * function tool's fields at the top ({@code {"type":"function","name":…}}), chat under
 * {@code function}. Chat completions know function tools only: any other type (built-in tools
 * such as web search run by OpenAI itself) is refused by name rather than silently dropped.
 */
final class ResponsesTools {
    private static final Set<String> CHOICES = Set.of("auto", "none", "required");

    private ResponsesTools() {
    }

    static List<Object> tools(List<?> tools) {
        List<Object> chatTools = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String where = "tools[" + i + "]";
            Map<String, Object> tool = element(tools.get(i), where);
            String type = requiredString(tool, "type", where);
            if (!"function".equals(type)) {
                throw BridgeException.invalidRequest(where + ".type", "Tool type '" + ClientText.name(type) + "' (" + where
                        + ") is not supported: the gateway answers the Responses API through chat completions, which take function tools only.");
            }
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", requiredString(tool, "name", where));
            putIfPresent(function, "description", string(tool, "description", where));
            putIfPresent(function, "parameters", object(tool, "parameters", where));
            putIfPresent(function, "strict", bool(tool, "strict", where));
            chatTools.add(Map.of("type", "function", "function", function));
        }
        return chatTools;
    }

    static Object toolChoice(Object choice) {
        if (choice instanceof String mode && CHOICES.contains(mode)) {
            return mode;
        }
        if (choice instanceof Map<?, ?>) {
            Map<String, Object> forced = element(choice, "tool_choice");
            String type = requiredString(forced, "type", "tool_choice");
            if ("function".equals(type)) {
                return Map.of("type", "function", "function", Map.of("name", requiredString(forced, "name", "tool_choice")));
            }
            throw BridgeException.invalidRequest("tool_choice.type", "'tool_choice.type' '" + ClientText.name(type)
                    + "' is not supported: only function tools can be chosen through this gateway.");
        }
        throw BridgeException.invalidRequest("tool_choice", "'tool_choice' must be \"auto\", \"none\", \"required\" or"
                + " {\"type\": \"function\", \"name\": …}, not " + describe(choice) + ".");
    }

    /** {@code text.format} as chat's {@code response_format}; null for plain text. */
    static Map<String, Object> responseFormat(Map<String, Object> format) {
        String type = requiredString(format, "type", "text.format");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> Map.of("type", "json_object");
            case "json_schema" -> {
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("name", requiredString(format, "name", "text.format"));
                Map<String, Object> body = object(format, "schema", "text.format");
                if (body == null) {
                    throw ResponsesFields.missing("text.format", "schema", "an object");
                }
                putIfPresent(schema, "description", string(format, "description", "text.format"));
                schema.put("schema", body);
                putIfPresent(schema, "strict", bool(format, "strict", "text.format"));
                yield Map.of("type", "json_schema", "json_schema", schema);
            }
            default -> throw BridgeException.invalidRequest("text.format.type", "'text.format.type' must be text, json_object"
                    + " or json_schema, not '" + ClientText.name(type) + "'.");
        };
    }

    private static void putIfPresent(Map<String, Object> to, String field, Object value) {
        if (value != null) {
            to.put(field, value);
        }
    }

    private static String describe(Object value) {
        return value instanceof String text ? "'" + ClientText.name(text) + "'" : JsonValues.typeName(value);
    }
}
