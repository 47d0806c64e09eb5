package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ClientText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Messages API request translated into the chat request the gateway routes: {@code system} to
 * a system message, content blocks to messages and content parts, tools to function tools, the
 * sampling fields to theirs. Anthropic-only fields with no chat counterpart ({@code top_k},
 * {@code cache_control}, thinking blocks of earlier turns) are left out; a block or tool the chat
 * shape cannot carry is refused with a 400 rather than dropped silently.
 */
final class MessagesRequest {
    /** Thinking budgets up to these sizes ask for low, then medium reasoning; larger ones for high. */
    private static final long LOW_BUDGET = 4096;
    private static final long MEDIUM_BUDGET = 16384;

    private MessagesRequest() {
    }

    /** The chat request, streamed as the client's {@code stream} says. */
    static ChatRequest toChat(Map<String, Object> messages) {
        return ChatRequest.from(chatBody(messages, true));
    }

    /** The chat request whose prompt {@code count_tokens} counts: no output settings needed. */
    static ChatRequest forCounting(Map<String, Object> messages) {
        return ChatRequest.from(chatBody(messages, false));
    }

    static Map<String, Object> chatBody(Map<String, Object> request, boolean forAnswer) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("model", Fields.requiredString(request, "model", "model"));
        List<Object> messages = new ArrayList<>();
        Object system = request.get("system");
        if (system != null) {
            messages.add(message("system", text(system, "system")));
        }
        if (!(request.get("messages") instanceof List<?> turns) || turns.isEmpty()) {
            throw BridgeException.invalidRequest("messages", "messages: must be a non-empty array.");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(Fields.object(turns.get(i), "messages." + i), "messages." + i, messages);
        }
        chat.put("messages", messages);
        if (forAnswer) {
            Object maxTokens = request.get("max_tokens");
            if (maxTokens == null) {
                throw BridgeException.invalidRequest("max_tokens", "max_tokens: field required.");
            }
            chat.put("max_tokens", maxTokens); // its type and range are checked as a chat request's
            copy(request, "temperature", chat, "temperature");
            copy(request, "top_p", chat, "top_p");
            if (request.get("stop_sequences") != null) {
                chat.put("stop", Fields.array(request.get("stop_sequences"), "stop_sequences"));
            }
            Object stream = request.get("stream");
            if (stream != null) {
                chat.put("stream", stream);
                if (Boolean.TRUE.equals(stream)) {
                    // The usage chunk is then the client's own, and message_delta can report it.
                    chat.put("stream_options", Fields.ordered("include_usage", true));
                }
            }
            if (request.get("metadata") instanceof Map<?, ?> metadata && metadata.get("user_id") instanceof String user) {
                chat.put("user", user);
            }
            reasoningEffort(request.get("thinking"), chat);
        }
        tools(request, chat);
        return chat;
    }

    private static void copy(Map<String, Object> from, String field, Map<String, Object> to, String as) {
        if (from.get(field) != null) {
            to.put(as, from.get(field));
        }
    }

    private static void turn(Map<String, Object> turn, String where, List<Object> messages) {
        String role = Fields.requiredString(turn, "role", where + ".role");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw BridgeException.invalidRequest(where + ".role", where + ".role: must be 'user' or 'assistant', not '"
                    + ClientText.name(role) + "'.");
        }
        Object content = turn.get("content");
        if (content instanceof String text) {
            messages.add(message(role, text));
            return;
        }
        List<?> blocks = Fields.array(content, where + ".content");
        if (role.equals("assistant")) {
            messages.add(assistant(blocks, where + ".content"));
        } else {
            user(blocks, where + ".content", messages);
        }
    }

    /** Tool results first, each a tool message answering its call; the rest of the turn after them. */
    private static void user(List<?> blocks, String where, List<Object> messages) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String at = where + "." + i;
            Map<String, Object> block = Fields.object(blocks.get(i), at);
            switch (type(block, at)) {
                case "text" -> parts.add(textPart(Fields.requiredString(block, "text", at + ".text")));
                case "image" -> parts.add(image(block, at));
                case "tool_result" -> messages.add(toolResult(block, at, parts));
                case "document" -> parts.add(textPart(document(block, at)));
                default -> throw unsupported(block, at);
            }
        }
        if (!parts.isEmpty()) {
            messages.add(message("user", parts));
        }
    }

    private static Map<String, Object> assistant(List<?> blocks, String where) {
        StringBuilder text = new StringBuilder();
        List<Object> toolCalls = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String at = where + "." + i;
            Map<String, Object> block = Fields.object(blocks.get(i), at);
            switch (type(block, at)) {
                case "text" -> text.append(Fields.requiredString(block, "text", at + ".text"));
                case "tool_use" -> toolCalls.add(toolCall(block, at));
                // A chat upstream takes no reasoning back; Anthropic's signatures mean nothing to it.
                case "thinking", "redacted_thinking" -> { }
                default -> throw unsupported(block, at);
            }
        }
        Map<String, Object> message = message("assistant", text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString());
        if (!toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls);
        }
        return message;
    }

    private static Map<String, Object> toolCall(Map<String, Object> block, String where) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", Fields.requiredString(block, "name", where + ".name"));
        function.put("arguments", PlainJson.write(Fields.object(block.getOrDefault("input", Map.of()), where + ".input")));
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", Fields.requiredString(block, "id", where + ".id"));
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    /**
     * A tool message with the result's text. A chat tool message carries text only, so images in
     * a result go to the user message that follows it.
     */
    private static Map<String, Object> toolResult(Map<String, Object> block, String where, List<Object> userParts) {
        String id = Fields.requiredString(block, "tool_use_id", where + ".tool_use_id");
        Object content = block.get("content");
        StringBuilder text = new StringBuilder();
        if (content instanceof List<?> parts) {
            for (int i = 0; i < parts.size(); i++) {
                String at = where + ".content." + i;
                Map<String, Object> part = Fields.object(parts.get(i), at);
                switch (type(part, at)) {
                    case "text" -> text.append(Fields.requiredString(part, "text", at + ".text"));
                    case "image" -> userParts.add(image(part, at));
                    default -> throw unsupported(part, at);
                }
            }
        } else if (content != null) {
            text.append(Fields.string(content, where + ".content"));
        }
        Map<String, Object> message = message("tool", text.toString());
        message.put("tool_call_id", id);
        return message;
    }

    private static Map<String, Object> image(Map<String, Object> block, String where) {
        Map<String, Object> source = Fields.object(block.get("source"), where + ".source");
        String url = switch (Fields.requiredString(source, "type", where + ".source.type")) {
            case "base64" -> "data:" + Fields.requiredString(source, "media_type", where + ".source.media_type")
                    + ";base64," + Fields.requiredString(source, "data", where + ".source.data");
            case "url" -> Fields.requiredString(source, "url", where + ".source.url");
            default -> throw BridgeException.invalidRequest(where + ".source.type", where
                    + ".source.type: only base64 and url images can be sent to this model.");
        };
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "image_url");
        part.put("image_url", Fields.ordered("url", url));
        return part;
    }

    /** A plain-text document is its text; other sources (PDF, files) have no chat counterpart here. */
    private static String document(Map<String, Object> block, String where) {
        Map<String, Object> source = Fields.object(block.get("source"), where + ".source");
        if (!"text".equals(source.get("type"))) {
            throw BridgeException.invalidRequest(where + ".source.type", where
                    + ".source.type: only text documents can be sent to this model.");
        }
        return Fields.requiredString(source, "data", where + ".source.data");
    }

    private static void tools(Map<String, Object> request, Map<String, Object> chat) {
        if (request.get("tools") == null) {
            return;
        }
        List<?> tools = Fields.array(request.get("tools"), "tools");
        List<Object> functions = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String at = "tools." + i;
            Map<String, Object> tool = Fields.object(tools.get(i), at);
            if (tool.get("type") != null && !"custom".equals(tool.get("type"))) {
                throw BridgeException.invalidRequest(at + ".type", at + ".type: Anthropic's server tool '"
                        + ClientText.name(String.valueOf(tool.get("type"))) + "' is not available on this model.");
            }
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", Fields.requiredString(tool, "name", at + ".name"));
            if (tool.get("description") != null) {
                function.put("description", Fields.string(tool.get("description"), at + ".description"));
            }
            function.put("parameters", Fields.object(tool.get("input_schema"), at + ".input_schema"));
            functions.add(Fields.ordered("type", "function", "function", function));
        }
        chat.put("tools", functions);
        toolChoice(request.get("tool_choice"), chat);
    }

    private static void toolChoice(Object value, Map<String, Object> chat) {
        if (value == null) {
            return;
        }
        Map<String, Object> choice = Fields.object(value, "tool_choice");
        chat.put("tool_choice", switch (Fields.requiredString(choice, "type", "tool_choice.type")) {
            case "auto" -> "auto";
            case "any" -> "required";
            case "none" -> "none";
            case "tool" -> Fields.ordered("type", "function", "function",
                    Fields.ordered("name", Fields.requiredString(choice, "name", "tool_choice.name")));
            default -> throw BridgeException.invalidRequest("tool_choice.type",
                    "tool_choice.type: must be one of auto, any, tool, none.");
        });
        if (Boolean.TRUE.equals(choice.get("disable_parallel_tool_use"))) {
            chat.put("parallel_tool_calls", false);
        }
    }

    /** Extended thinking's budget, as the coarse effort a chat model takes. */
    private static void reasoningEffort(Object value, Map<String, Object> chat) {
        if (value == null) {
            return;
        }
        Map<String, Object> thinking = Fields.object(value, "thinking");
        if (!"enabled".equals(thinking.get("type"))) {
            return;
        }
        if (!(thinking.get("budget_tokens") instanceof Number budget)) {
            throw BridgeException.invalidRequest("thinking.budget_tokens", "thinking.budget_tokens: must be an integer.");
        }
        long tokens = budget.longValue();
        chat.put("reasoning_effort", tokens <= LOW_BUDGET ? "low" : tokens <= MEDIUM_BUDGET ? "medium" : "high");
    }

    /** A system prompt as a string, or its text blocks joined (their cache_control has no chat counterpart). */
    private static String text(Object value, String where) {
        if (value instanceof String text) {
            return text;
        }
        List<?> blocks = Fields.array(value, where);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            String at = where + "." + i;
            Map<String, Object> block = Fields.object(blocks.get(i), at);
            if (!"text".equals(type(block, at))) {
                throw unsupported(block, at);
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(Fields.requiredString(block, "text", at + ".text"));
        }
        return text.toString();
    }

    private static String type(Map<String, Object> block, String where) {
        return Fields.requiredString(block, "type", where + ".type");
    }

    private static Map<String, Object> textPart(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "text");
        part.put("text", text);
        return part;
    }

    private static Map<String, Object> message(String role, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private static BridgeException unsupported(Map<String, Object> block, String where) {
        return BridgeException.invalidRequest(where + ".type", where + ".type: content blocks of type '"
                + ClientText.name(String.valueOf(block.get("type"))) + "' cannot be sent to this model.");
    }
}
