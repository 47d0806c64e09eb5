package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.domain.BridgeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code messages} → Anthropic's {@code system} and {@code messages}. System and
 * developer messages, wherever they stand, become the system prompt; tool results become
 * {@code tool_result} blocks of a user turn; turns that land on the same role one after the other
 * are merged, as Anthropic wants user and assistant turns to alternate.
 */
final class MessageTranslator {
    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);

    private final List<Object> system = new ArrayList<>();
    private final List<Map<String, Object>> turns = new ArrayList<>();

    private MessageTranslator() {
    }

    static void translate(List<?> messages, Map<String, Object> body) {
        MessageTranslator translator = new MessageTranslator();
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages[" + i + "]";
            if (!(messages.get(i) instanceof Map<?, ?> message)) {
                throw BridgeException.invalidRequest(path, path + " must be an object.");
            }
            translator.message(message, path);
        }
        if (!translator.system.isEmpty()) {
            body.put("system", translator.system);
        }
        body.put("messages", translator.turns);
    }

    private void message(Map<?, ?> message, String path) {
        Object role = message.get("role");
        Object content = message.get("content");
        switch (role instanceof String name ? name : "") {
            case "system", "developer" -> system.addAll(textBlocks(content, path + ".content"));
            case "user" -> add("user", userBlocks(content, path + ".content"));
            case "assistant" -> add("assistant", assistantBlocks(message, path));
            case "tool" -> add("user", List.of(toolResult(message, path)));
            default -> throw BridgeException.invalidRequest(path + ".role", path + ".role must be system, developer, user, assistant or tool.");
        }
    }

    private void add(String role, List<Object> blocks) {
        if (blocks.isEmpty()) {
            return; // Anthropic refuses empty turns
        }
        Map<String, Object> last = turns.isEmpty() ? null : turns.getLast();
        if (last != null && role.equals(last.get("role"))) {
            @SuppressWarnings("unchecked")
            List<Object> content = (List<Object>) last.get("content");
            content.addAll(blocks);
            return;
        }
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("role", role);
        turn.put("content", new ArrayList<>(blocks));
        turns.add(turn);
    }

    private static List<Object> textBlocks(Object content, String path) {
        List<Object> blocks = new ArrayList<>();
        if (content instanceof String text) {
            addText(blocks, text);
        } else if (content instanceof List<?> parts) {
            for (int i = 0; i < parts.size(); i++) {
                String partPath = path + "[" + i + "]";
                if (!(parts.get(i) instanceof Map<?, ?> part) || !"text".equals(part.get("type"))) {
                    throw BridgeException.invalidRequest(partPath, partPath + " must be a text part here.");
                }
                addText(blocks, RequestTranslator.text(part.get("text"), partPath + ".text"));
            }
        } else if (content != null) {
            throw BridgeException.invalidRequest(path, path + " must be a string or an array of parts.");
        }
        return blocks;
    }

    private static List<Object> userBlocks(Object content, String path) {
        if (!(content instanceof List<?> parts)) {
            return textBlocks(content, path);
        }
        List<Object> blocks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String partPath = path + "[" + i + "]";
            Map<?, ?> part = parts.get(i) instanceof Map<?, ?> map ? map : Map.of();
            switch (part.get("type") instanceof String type ? type : "") {
                case "text" -> addText(blocks, RequestTranslator.text(part.get("text"), partPath + ".text"));
                case "image_url" -> blocks.add(image(part.get("image_url"), partPath + ".image_url"));
                default -> throw BridgeException.invalidRequest(partPath, partPath
                        + " must be a text or image_url part; Anthropic is given nothing else through this adapter.");
            }
        }
        return blocks;
    }

    /** A data URL is sent as base64; an https URL is fetched by Anthropic, never by the gateway. */
    private static Map<String, Object> image(Object imageUrl, String path) {
        String url = RequestTranslator.text(imageUrl instanceof Map<?, ?> map ? map.get("url") : imageUrl, path + ".url");
        Map<String, Object> source = new LinkedHashMap<>();
        Matcher data = DATA_URL.matcher(url);
        if (data.matches()) {
            source.put("type", "base64");
            source.put("media_type", data.group(1));
            source.put("data", data.group(2));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw BridgeException.invalidRequest(path + ".url", path + ".url must be an http(s) URL or a base64 data URL.");
        }
        return Map.of("type", "image", "source", source);
    }

    private static List<Object> assistantBlocks(Map<?, ?> message, String path) {
        List<Object> blocks = textBlocks(message.get("content"), path + ".content");
        if (message.get("tool_calls") instanceof List<?> calls) {
            for (int j = 0; j < calls.size(); j++) {
                String callPath = path + ".tool_calls[" + j + "]";
                Map<?, ?> call = calls.get(j) instanceof Map<?, ?> map ? map : Map.of();
                Map<?, ?> function = call.get("function") instanceof Map<?, ?> map ? map : Map.of();
                Map<String, Object> block = new LinkedHashMap<>();
                block.put("type", "tool_use");
                block.put("id", RequestTranslator.text(call.get("id"), callPath + ".id"));
                block.put("name", RequestTranslator.text(function.get("name"), callPath + ".function.name"));
                block.put("input", RequestTranslator.arguments(function.get("arguments"), callPath + ".function.arguments"));
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static Map<String, Object> toolResult(Map<?, ?> message, String path) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "tool_result");
        block.put("tool_use_id", RequestTranslator.text(message.get("tool_call_id"), path + ".tool_call_id"));
        block.put("content", textBlocks(message.get("content"), path + ".content"));
        return block;
    }

    private static void addText(List<Object> blocks, String text) {
        if (!text.isEmpty()) { // Anthropic refuses empty text blocks
            blocks.add(Map.of("type", "text", "text", text));
        }
    }
}
