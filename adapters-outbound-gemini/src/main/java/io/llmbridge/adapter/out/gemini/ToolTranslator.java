package io.llmbridge.adapter.out.gemini;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code tools} and {@code tool_choice} → Gemini's {@code functionDeclarations} and {@code functionCallingConfig}. */
final class ToolTranslator {
    /** {@code strict} asks OpenAI to enforce the schema exactly; Gemini has no such switch and follows the schema anyway. */
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "description", "parameters", "strict");
    private static final String FUNCTION = "function";

    private ToolTranslator() {
    }

    /** One Gemini {@code Tool} holding every function, or null when the list is empty. */
    static List<Object> tools(Object value) {
        if (!(value instanceof List<?> tools)) {
            throw Refusals.invalid("tools", "an array", value);
        }
        List<Object> declarations = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            declarations.add(declaration(tools.get(i), "tools[" + i + "]"));
        }
        return declarations.isEmpty() ? null : List.of(Map.of("functionDeclarations", declarations));
    }

    private static Map<String, Object> declaration(Object value, String path) {
        Map<String, Object> tool = Values.object(value);
        if (tool == null) {
            throw Refusals.invalid(path, "an object", value);
        }
        if (!FUNCTION.equals(tool.get("type"))) {
            throw Refusals.untranslatable(path + ".type", "Gemini is only given functions, not '" + tool.get("type") + "' tools.");
        }
        Map<String, Object> function = Values.object(tool, FUNCTION);
        if (function == null || !(function.get("name") instanceof String name)) {
            throw Refusals.invalid(path + ".function.name", "a string", function == null ? null : function.get("name"));
        }
        for (Map.Entry<String, Object> field : function.entrySet()) {
            if (!FUNCTION_FIELDS.contains(field.getKey()) && field.getValue() != null) {
                throw Refusals.untranslatable(path + ".function." + field.getKey(), "Gemini's function declarations have no such field.");
            }
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("name", name);
        if (function.get("description") instanceof String description) {
            declaration.put("description", description);
        }
        if (function.get("parameters") != null) {
            Map<String, Object> parameters = SchemaConverter.convert(function.get("parameters"), path + ".function.parameters", false);
            // Gemini rejects an OBJECT without properties, which is how clients declare "no arguments".
            boolean noArguments = "object".equalsIgnoreCase(String.valueOf(parameters.get("type")))
                    && (!(parameters.get("properties") instanceof Map<?, ?> properties) || properties.isEmpty());
            if (!noArguments) {
                declaration.put("parameters", parameters);
            }
        }
        return declaration;
    }

    /** {@code auto|none|required}, or one named function; {@code allowed_tools} with mode {@code required}. */
    static Map<String, Object> toolConfig(Object value) {
        if (value instanceof String mode) {
            return switch (mode) {
                case "auto" -> callingConfig("AUTO", null);
                case "none" -> callingConfig("NONE", null);
                case "required" -> callingConfig("ANY", null);
                default -> throw Refusals.invalid("tool_choice", "'auto', 'none', 'required' or an object", value);
            };
        }
        Map<String, Object> choice = Values.object(value);
        if (choice != null && FUNCTION.equals(choice.get("type"))) {
            return callingConfig("ANY", List.of(functionName(Values.object(choice, FUNCTION), "tool_choice.function.name")));
        }
        if (choice != null && "allowed_tools".equals(choice.get("type"))) {
            return allowedTools(Values.object(choice, "allowed_tools"));
        }
        throw Refusals.untranslatable("tool_choice", "Gemini can be told to call any function, none, or some of the named functions only.");
    }

    /** Gemini limits the choice to named functions only while it must call one (ANY). */
    private static Map<String, Object> allowedTools(Map<String, Object> allowed) {
        if (allowed == null || !"required".equals(allowed.get("mode"))) {
            throw Refusals.untranslatable("tool_choice.allowed_tools.mode", "Gemini limits the functions to a named subset only when it must call one ('required').");
        }
        List<?> tools = Values.list(allowed, "tools");
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            names.add(functionName(Values.object(Values.object(tools.get(i)), FUNCTION), "tool_choice.allowed_tools.tools[" + i + "].function.name"));
        }
        return callingConfig("ANY", names);
    }

    private static String functionName(Map<String, Object> function, String path) {
        String name = Values.string(function, "name");
        if (name == null) {
            throw Refusals.invalid(path, "a string", function == null ? null : function.get("name"));
        }
        return name;
    }

    private static Map<String, Object> callingConfig(String mode, List<Object> allowedFunctionNames) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", mode);
        if (allowedFunctionNames != null) {
            config.put("allowedFunctionNames", allowedFunctionNames);
        }
        return Map.of("functionCallingConfig", config);
    }
}
