package io.llmbridge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated embeddings request. {@code body} is every field the client sent, in its order; the
 * typed accessors are the views the gateway needs.
 *
 * @param inputs     what to embed, in order: one embedding is answered for each
 * @param dimensions how many dimensions each embedding should have; null for the model's own
 * @param base64     whether the client asked for {@code encoding_format: base64}
 */
public record EmbeddingRequest(Map<String, Object> body, String model, List<Input> inputs, Long dimensions,
                               boolean base64) {
    public EmbeddingRequest {
        body = JsonValues.copyObject(body);
        inputs = List.copyOf(inputs);
    }

    /**
     * One input: a text, or text already split into tokens.
     *
     * @param text   the text; null for tokens
     * @param tokens the token ids; null for a text
     */
    public record Input(String text, List<Long> tokens) {
        public Input {
            tokens = tokens == null ? null : List.copyOf(tokens);
        }

        public static Input text(String text) {
            return new Input(text, null);
        }

        public static Input tokens(List<Long> tokens) {
            return new Input(null, tokens);
        }

        public boolean isText() {
            return text != null;
        }
    }

    /** Validates a parsed JSON object as an OpenAI embeddings request. */
    public static EmbeddingRequest from(Map<String, Object> body) {
        Object model = body.get("model");
        if (!(model instanceof String name) || name.isBlank()) {
            throw BridgeException.invalidRequest("model", "'model' is required and must be a non-empty string"
                    + (model == null ? "." : ", not " + JsonValues.typeName(model) + "."));
        }
        List<Input> inputs = inputs(body.get("input"));
        Object format = body.get("encoding_format");
        if (format != null && !"float".equals(format) && !"base64".equals(format)) {
            throw BridgeException.invalidRequest("encoding_format", "'encoding_format' must be 'float' or 'base64'.");
        }
        Long dimensions = null;
        Object asked = body.get("dimensions");
        if (asked != null) {
            if (!(asked instanceof Number number) || number.doubleValue() < 1 || number.doubleValue() > Integer.MAX_VALUE
                    || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw BridgeException.invalidRequest("dimensions", "'dimensions' must be a positive integer.");
            }
            dimensions = number.longValue();
        }
        if (body.get("user") != null && !(body.get("user") instanceof String)) {
            throw BridgeException.invalidRequest("user", "'user' must be a string.");
        }
        return new EmbeddingRequest(body, name, inputs, dimensions, "base64".equals(format));
    }

    /** The same request for another model id, as an upstream is asked for it. */
    public Map<String, Object> bodyFor(String upstreamModel) {
        Map<String, Object> rewritten = new java.util.LinkedHashMap<>(body);
        rewritten.put("model", upstreamModel);
        return rewritten;
    }

    /** A string, an array of strings, an array of token ids, or an array of such arrays. */
    private static List<Input> inputs(Object input) {
        if (input instanceof String text) {
            return List.of(Input.text(nonEmpty(text, "'input'")));
        }
        if (!(input instanceof List<?> items)) {
            String shapes = "a string, an array of strings, an array of token ids or an array of token id arrays";
            throw BridgeException.invalidRequest("input", input == null ? "'input' is required: " + shapes + "."
                    : "'input' must be " + shapes + ", not " + JsonValues.typeName(input) + ".");
        }
        if (items.isEmpty()) {
            throw BridgeException.invalidRequest("input", "'input' must not be an empty array.");
        }
        if (items.getFirst() instanceof Number) {
            return List.of(Input.tokens(tokens(items, "'input'")));
        }
        List<Input> inputs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = "'input[" + i + "]'";
            Object item = items.get(i);
            if (item instanceof String text && items.getFirst() instanceof String) {
                inputs.add(Input.text(nonEmpty(text, where)));
            } else if (item instanceof List<?> tokens && items.getFirst() instanceof List<?>) {
                if (tokens.isEmpty()) {
                    throw BridgeException.invalidRequest("input", where + " must not be an empty array.");
                }
                inputs.add(Input.tokens(tokens(tokens, where)));
            } else {
                throw BridgeException.invalidRequest("input", where + " must be "
                        + (items.getFirst() instanceof List<?> ? "an array of token ids" : "a string")
                        + " like the first input, not " + JsonValues.typeName(item) + ".");
            }
        }
        return inputs;
    }

    private static String nonEmpty(String text, String where) {
        if (text.isEmpty()) {
            throw BridgeException.invalidRequest("input", where + " must not be an empty string.");
        }
        return text;
    }

    private static List<Long> tokens(List<?> items, String where) {
        List<Long> tokens = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > Integer.MAX_VALUE
                    || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw BridgeException.invalidRequest("input", where + " must hold token ids: integers from 0, not "
                        + (item instanceof Number ? item : JsonValues.typeName(item)) + ".");
            }
            tokens.add(number.longValue());
        }
        return tokens;
    }
}
