package io.llmbridge.adapter.out.tokenizer;

import io.llmbridge.domain.ChatMessage;
import io.llmbridge.domain.ChatRequest;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's formula for the prompt of a chat completion, as its cookbook ("How to count tokens with
 * tiktoken") gives it: each message costs its framing plus its role, content and name; a name
 * costs one more; the reply is primed with three. Tool definitions are counted as the cookbook's
 * {@code num_tokens_for_tools} does (the function's "name:description" line, each property's
 * "name:type:description" line and enum values, with fixed framing), nested object properties
 * being counted like top-level ones. Beyond the cookbook: content parts (text, images by the tile
 * rule) and an assistant's tool calls (function name and arguments, plus a small framing each).
 */
final class PromptTokens {
    static final int REPLY_PRIMING = 3;
    static final int TOKENS_PER_TOOL_CALL = 3;
    private static final int PROPERTIES_INIT = 3;
    private static final int PROPERTY_KEY = 3;
    private static final int ENUM_INIT = -3;
    private static final int ENUM_ITEM = 3;
    private static final int FUNCTIONS_END = 12;

    private final BoundedTokenizer tokenizer;
    private final ModelFamily family;

    PromptTokens(BoundedTokenizer tokenizer, ModelFamily family) {
        this.tokenizer = tokenizer;
        this.family = family;
    }

    long count(ChatRequest request) {
        long tokens = REPLY_PRIMING;
        for (ChatMessage message : request.messages()) {
            tokens += message(message);
        }
        return tokens + functions(request.body().get("tools"), true) + functions(request.body().get("functions"), false);
    }

    private long message(ChatMessage message) {
        long tokens = family.tokensPerMessage() + text(message.role()) + content(message.content());
        if (message.fields().get("name") instanceof String name) {
            tokens += text(name) + family.tokensPerName();
        }
        if (message.fields().get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
                    tokens += TOKENS_PER_TOOL_CALL + functionCall(function);
                }
            }
        }
        if (message.fields().get("function_call") instanceof Map<?, ?> legacyCall) {
            tokens += TOKENS_PER_TOOL_CALL + functionCall(legacyCall);
        }
        return tokens;
    }

    private long functionCall(Map<?, ?> function) {
        return text(string(function.get("name"))) + text(string(function.get("arguments")));
    }

    private long content(Object content) {
        if (content instanceof String text) {
            return text(text);
        }
        long tokens = 0;
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> map) {
                    tokens += part(map);
                }
            }
        }
        return tokens;
    }

    private long part(Map<?, ?> part) {
        Object type = part.get("type");
        if ("text".equals(type)) {
            return text(string(part.get("text")));
        }
        if ("image_url".equals(type) && part.get("image_url") instanceof Map<?, ?> image) {
            return ImageTokens.count(string(image.get("detail")), ImageSize.ofUrl(string(image.get("url"))));
        }
        if ("image_url".equals(type) && part.get("image_url") instanceof String url) {
            return ImageTokens.count(null, ImageSize.ofUrl(url));
        }
        return 0; // audio and files are priced by the provider in ways not known here
    }

    /**
     * @param wrapped true for {@code tools} ({@code {"type":"function","function":{…}}}), false for
     *                the legacy {@code functions} (the function objects themselves)
     */
    private long functions(Object definitions, boolean wrapped) {
        if (!(definitions instanceof List<?> list) || list.isEmpty()) {
            return 0;
        }
        long tokens = 0;
        for (Object definition : list) {
            Object function = wrapped && definition instanceof Map<?, ?> tool ? tool.get("function") : definition;
            if (function instanceof Map<?, ?> map) {
                tokens += family.functionInit()
                        + text(string(map.get("name")) + ":" + withoutFinalPeriod(string(map.get("description"))));
                if (map.get("parameters") instanceof Map<?, ?> parameters) {
                    tokens += properties(parameters);
                }
            }
        }
        return tokens + FUNCTIONS_END;
    }

    private long properties(Map<?, ?> schema) {
        if (!(schema.get("properties") instanceof Map<?, ?> properties) || properties.isEmpty()) {
            return 0;
        }
        long tokens = PROPERTIES_INIT;
        for (Map.Entry<?, ?> entry : properties.entrySet()) {
            tokens += PROPERTY_KEY;
            Map<?, ?> property = entry.getValue() instanceof Map<?, ?> map ? map : Map.of();
            if (property.get("enum") instanceof List<?> values) {
                tokens += ENUM_INIT;
                for (Object value : values) {
                    tokens += ENUM_ITEM + text(String.valueOf(value));
                }
            }
            tokens += text(entry.getKey() + ":" + typeName(property.get("type")) + ":"
                    + withoutFinalPeriod(string(property.get("description"))));
            tokens += properties(property);
        }
        return tokens;
    }

    private static String typeName(Object type) {
        if (type instanceof List<?> types) {
            return String.join(",", types.stream().map(String::valueOf).toList());
        }
        return string(type);
    }

    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : "";
    }

    private long text(String text) {
        return tokenizer.count(text);
    }
}
