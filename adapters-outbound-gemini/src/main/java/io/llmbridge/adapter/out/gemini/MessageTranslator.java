package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code messages} → Gemini's {@code contents} and {@code systemInstruction}. Gemini knows two
 * roles, {@code user} and {@code model}, and wants them to alternate, so turns that land on the
 * same role one after the other (a user message after tool results, parallel tool results) are
 * merged into one.
 */
final class MessageTranslator {
    /**
     * Message fields that carry nothing Gemini can use: {@code name} on other than tool results
     * (Gemini's turns have no author name), and what an assistant message brings back from an
     * earlier answer ({@code reasoning_content}: Gemini does not take thoughts back as text).
     */
    private static final Set<String> IGNORED_FIELDS = Set.of("role", "name", "reasoning_content", "annotations");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "system", Set.of("content"), "developer", Set.of("content"), "user", Set.of("content"),
            "assistant", Set.of("content", "tool_calls", "refusal"),
            "tool", Set.of("content", "tool_call_id"), "function", Set.of("content"));

    private final List<Map<String, Object>> contents = new ArrayList<>();
    private final List<Map<String, Object>> system = new ArrayList<>();
    /** Tool call id → function name: Gemini matches results to calls by name. */
    private final Map<String, String> calledFunctions = new HashMap<>();

    private MessageTranslator() {
    }

    record Conversation(List<Map<String, Object>> contents, Map<String, Object> systemInstruction) {
    }

    static Conversation translate(List<ChatMessage> messages) {
        MessageTranslator translator = new MessageTranslator();
        for (int i = 0; i < messages.size(); i++) {
            translator.message(messages.get(i), "messages[" + i + "]");
        }
        return new Conversation(translator.contents,
                translator.system.isEmpty() ? null : Map.of("parts", translator.system));
    }

    private void message(ChatMessage message, String path) {
        checkFields(message, path);
        String content = path + ".content";
        switch (message.role()) {
            case "system", "developer" -> system.addAll(ContentParts.text(message.content(), content));
            case "user" -> add("user", ContentParts.user(message.content(), content));
            case "assistant" -> add("model", assistant(message, path));
            case "tool" -> add("user", List.of(functionResponse(toolName(message, path), message.content(), content)));
            case "function" -> add("user", List.of(functionResponse(legacyName(message, path), message.content(), content)));
            default -> throw Refusals.untranslatable(path + ".role", "Gemini has no '" + message.role() + "' role.");
        }
    }

    /** A field with a value Gemini cannot carry is refused; JSON null is as good as absent. */
    private static void checkFields(ChatMessage message, String path) {
        Set<String> known = FIELDS.getOrDefault(message.role(), Set.of());
        message.fields().forEach((field, value) -> {
            if (value != null && !known.contains(field) && !IGNORED_FIELDS.contains(field)) {
                throw Refusals.untranslatable(path + "." + field, "Gemini's " + message.role() + " turns have no such field.");
            }
        });
    }

    private List<Map<String, Object>> assistant(ChatMessage message, String path) {
        List<Map<String, Object>> parts = ContentParts.text(message.content(), path + ".content");
        if (message.fields().get("refusal") instanceof String refusal) {
            ContentParts.addText(parts, refusal);
        }
        List<?> calls = Values.list(message.fields(), "tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            parts.add(functionCall(Values.object(calls.get(j)), path + ".tool_calls[" + j + "]"));
        }
        return parts;
    }

    private Map<String, Object> functionCall(Map<String, Object> call, String path) {
        // Clients that leave the type out mean a function: it is the only kind a chat message can call.
        if (call == null || !"function".equals(call.getOrDefault("type", "function"))) {
            throw Refusals.untranslatable(path + ".type", "Gemini's model turns call functions only.");
        }
        Map<String, Object> function = Values.object(call, "function");
        String name = Values.string(function, "name");
        if (name == null) {
            throw Refusals.invalid(path + ".function.name", "a string", function == null ? null : function.get("name"));
        }
        if (call.get("id") instanceof String id) {
            calledFunctions.put(id, name);
        }
        Map<String, Object> functionCall = new LinkedHashMap<>();
        functionCall.put("name", name);
        functionCall.put("args", arguments(function.get("arguments"), path + ".function.arguments"));
        return Map.of("functionCall", functionCall);
    }

    /** OpenAI carries arguments as JSON text, Gemini as the object itself. */
    private static Map<String, Object> arguments(Object value, String path) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return Map.of();
        }
        try {
            if (value instanceof String text && PlainJson.parse(text) instanceof Map<?, ?> object) {
                return Values.object(object);
            }
        } catch (RuntimeException notJson) {
            // refused below
        }
        throw Refusals.invalid(path, "a JSON object written as a string", value);
    }

    /** By the call's id; a client that names the function on the result is taken at its word. */
    private String toolName(ChatMessage message, String path) {
        Object id = message.fields().get("tool_call_id");
        String name = id instanceof String key ? calledFunctions.get(key) : null;
        if (name == null && message.fields().get("name") instanceof String given) {
            name = given;
        }
        if (name == null) {
            throw Refusals.invalid(path + ".tool_call_id", "the id of a tool call in an earlier assistant message", id);
        }
        return name;
    }

    private static String legacyName(ChatMessage message, String path) {
        if (!(message.fields().get("name") instanceof String name)) {
            throw Refusals.invalid(path + ".name", "the name of the function whose result this is", message.fields().get("name"));
        }
        return name;
    }

    /** Gemini wants an object back: JSON objects go as they are, anything else under {@code result}. */
    private static Map<String, Object> functionResponse(String name, Object content, String path) {
        StringBuilder text = new StringBuilder();
        ContentParts.text(content, path).forEach(part -> text.append(part.get("text")));
        Object result = text.toString();
        try {
            result = PlainJson.parse(text.toString());
        } catch (RuntimeException notJson) {
            // plain text: sent as the string it is
        }
        Map<String, Object> functionResponse = new LinkedHashMap<>();
        functionResponse.put("name", name);
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("result", result); // may be JSON null
        functionResponse.put("response", result instanceof Map<?, ?> object ? object : wrapped);
        return Map.of("functionResponse", functionResponse);
    }

    /** Appends a turn, merging it into the previous one when the role is the same. */
    private void add(String role, List<Map<String, Object>> parts) {
        if (parts.isEmpty()) {
            return; // an empty turn says nothing, and Gemini refuses one
        }
        if (!contents.isEmpty() && role.equals(contents.getLast().get("role"))) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> previous = (List<Map<String, Object>>) contents.getLast().get("parts");
            previous.addAll(parts);
            return;
        }
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("role", role);
        turn.put("parts", new ArrayList<>(parts));
        contents.add(turn);
    }
}
