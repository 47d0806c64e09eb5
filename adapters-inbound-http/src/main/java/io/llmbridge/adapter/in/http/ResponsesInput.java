package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.JsonValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.llmbridge.adapter.in.http.ResponsesFields.element;
import static io.llmbridge.adapter.in.http.ResponsesFields.requiredString;
import static io.llmbridge.adapter.in.http.ResponsesFields.string;

/**
 * A Responses request's {@code instructions} and {@code input} as chat messages. Items follow
 * each other as chat turns do: {@code function_call} items join the assistant message before
 * them (chat puts a turn's calls on one message), each {@code function_call_output} becomes a
 * {@code tool} message. Text-only content becomes one string, which every chat provider takes.
 */
final class ResponsesInput {
    private static final String ITEM_TYPES = "message, function_call, function_call_output, reasoning";

    private ResponsesInput() {
    }

    static List<Object> messages(Map<String, Object> body) {
        List<Object> messages = new ArrayList<>();
        String instructions = string(body, "instructions", null);
        if (instructions != null) {
            messages.add(message("system", instructions));
        }
        Object input = body.get("input");
        if (input instanceof String text) {
            messages.add(message("user", text));
        } else if (input instanceof List<?> items) {
            if (items.isEmpty()) {
                throw BridgeException.invalidRequest("input", "'input' must not be an empty array.");
            }
            for (int i = 0; i < items.size(); i++) {
                item(element(items.get(i), "input[" + i + "]"), "input[" + i + "]", messages);
            }
        } else {
            throw BridgeException.invalidRequest("input", "'input' is required and must be a string or an array of input items"
                    + (input == null ? "." : ", not " + JsonValues.typeName(input) + "."));
        }
        return messages;
    }

    private static void item(Map<String, Object> item, String where, List<Object> messages) {
        String type = string(item, "type", where);
        if (type == null && item.containsKey("role")) {
            type = "message"; // the short form: {"role": "user", "content": "..."}
        }
        if (type == null) {
            throw ResponsesFields.missing(where, "type", "one of " + ITEM_TYPES);
        }
        switch (type) {
            case "message" -> messages.add(inputMessage(item, where));
            case "function_call" -> functionCall(item, where, messages);
            case "function_call_output" -> messages.add(functionCallOutput(item, where));
            case "reasoning" -> {
                // A chat provider takes no reasoning back; the turns around it carry the conversation.
            }
            case "item_reference" -> throw BridgeException.invalidRequest(where + ".type", "'" + where
                    + "' refers to a stored item, and this gateway does not keep responses: send the item itself.");
            default -> throw BridgeException.invalidRequest(where + ".type", "'" + where + ".type' '" + ClientText.name(type)
                    + "' is not supported here; the gateway answers the Responses API through chat completions and takes "
                    + ITEM_TYPES + " items.");
        }
    }

    private static Map<String, Object> inputMessage(Map<String, Object> item, String where) {
        String role = requiredString(item, "role", where);
        Object content = item.get("content");
        return switch (role) {
            case "user" -> message(role, content(content, where + ".content", true));
            // Every chat provider knows "system"; not all know "developer", which means the same.
            case "system", "developer" -> message("system", content(content, where + ".content", false));
            case "assistant" -> message(role, content(content, where + ".content", false));
            default -> throw BridgeException.invalidRequest(where + ".role", "'" + where
                    + ".role' must be one of user, assistant, system, developer, not '" + ClientText.name(role) + "'.");
        };
    }

    /** The content as a string, or as chat content parts when it holds images (user messages only). */
    private static Object content(Object content, String where, boolean imagesAllowed) {
        if (content instanceof String text) {
            return text;
        }
        if (!(content instanceof List<?> parts)) {
            throw BridgeException.invalidRequest(where, "'" + where
                    + "' is required and must be a string or an array of content parts"
                    + (content == null ? "." : ", not " + JsonValues.typeName(content) + "."));
        }
        List<Object> chatParts = new ArrayList<>(parts.size());
        boolean images = false;
        for (int i = 0; i < parts.size(); i++) {
            String partWhere = where + "[" + i + "]";
            Map<String, Object> part = element(parts.get(i), partWhere);
            String type = requiredString(part, "type", partWhere);
            switch (type) {
                case "input_text", "output_text" -> chatParts.add(Map.of("type", "text", "text", requiredString(part, "text", partWhere)));
                case "refusal" -> chatParts.add(Map.of("type", "text", "text", requiredString(part, "refusal", partWhere)));
                case "input_image" -> {
                    if (!imagesAllowed) {
                        throw BridgeException.invalidRequest(partWhere + ".type", "'" + partWhere + "' is an image; only user messages may hold images.");
                    }
                    chatParts.add(image(part, partWhere));
                    images = true;
                }
                default -> throw BridgeException.invalidRequest(partWhere + ".type", "'" + partWhere + ".type' '" + ClientText.name(type)
                        + "' is not supported here; content parts may be input_text, input_image, output_text or refusal.");
            }
        }
        if (images) {
            return chatParts;
        }
        StringBuilder text = new StringBuilder();
        for (Object part : chatParts) {
            text.append(text.isEmpty() ? "" : "\n").append(((Map<?, ?>) part).get("text"));
        }
        return text.toString();
    }

    private static Map<String, Object> image(Map<String, Object> part, String where) {
        String url = string(part, "image_url", where);
        if (url == null) {
            throw BridgeException.invalidRequest(where + ".image_url", "'" + where + ".image_url' is required: the gateway keeps no"
                    + " files, so an image is sent as a URL or a data: URL, not a file_id.");
        }
        Map<String, Object> imageUrl = new LinkedHashMap<>();
        imageUrl.put("url", url);
        String detail = string(part, "detail", where);
        if (detail != null) {
            imageUrl.put("detail", detail);
        }
        return Map.of("type", "image_url", "image_url", imageUrl);
    }

    @SuppressWarnings("unchecked")
    private static void functionCall(Map<String, Object> item, String where, List<Object> messages) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", requiredString(item, "call_id", where));
        call.put("type", "function");
        call.put("function", Map.of("name", requiredString(item, "name", where), "arguments", requiredString(item, "arguments", where)));
        Map<String, Object> last = messages.isEmpty() ? null : (Map<String, Object>) messages.getLast();
        if (last == null || !"assistant".equals(last.get("role"))) {
            last = message("assistant", null);
            messages.add(last);
        }
        ((List<Object>) last.computeIfAbsent("tool_calls", key -> new ArrayList<>())).add(call);
    }

    private static Map<String, Object> functionCallOutput(Map<String, Object> item, String where) {
        Map<String, Object> message = message("tool", null);
        message.put("tool_call_id", requiredString(item, "call_id", where));
        Object output = item.get("output");
        message.put("content", output instanceof List<?> ? content(output, where + ".output", false)
                : requiredString(item, "output", where));
        return message;
    }

    private static Map<String, Object> message(String role, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }
}
