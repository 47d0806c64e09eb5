package io.llmbridge.adapter.out.openai;

import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.Map;

/**
 * Reads what the gateway needs from OpenAI's response and chunk objects. The object itself goes
 * to the client as the upstream wrote it, so it is read as a stream of JSON events and only these
 * few values are kept: nothing else is built (a stream has one object per token).
 */
final class OpenAiJson {
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private OpenAiJson() {
    }

    /**
     * What the gateway reads from one object: whether it has an {@code error} member, and the
     * first choice's finish reason and delta content, and the usage (each null when absent).
     */
    record Fields(boolean error, String finishReason, String contentDelta, Usage usage) {
    }

    /**
     * @throws JsonException when the text is not one JSON object
     */
    static Fields read(String json) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new JsonException("not a JSON object");
            }
            boolean error = false;
            Choice choice = Choice.NONE;
            Usage usage = null;
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                switch (key) {
                    case "error" -> {
                        error = true;
                        skip(parser, value);
                    }
                    case "choices" -> choice = value == JsonParser.Event.START_ARRAY ? firstChoice(parser) : skip(parser, value, Choice.NONE);
                    case "usage" -> usage = value == JsonParser.Event.START_OBJECT ? usage(parser) : skip(parser, value, null);
                    default -> skip(parser, value);
                }
            }
            if (parser.hasNext()) {
                throw new JsonException("unexpected content after the JSON object");
            }
            return new Fields(error, choice.finishReason, choice.contentDelta, usage);
        }
    }

    private record Choice(String finishReason, String contentDelta) {
        static final Choice NONE = new Choice(null, null);
    }

    /** Reads the array's first element when it is an object, and skips the rest. */
    private static Choice firstChoice(JsonParser parser) {
        JsonParser.Event event = parser.next();
        if (event == JsonParser.Event.END_ARRAY) {
            return Choice.NONE;
        }
        Choice choice = Choice.NONE;
        if (event == JsonParser.Event.START_OBJECT) {
            String finishReason = null;
            String content = null;
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if ("finish_reason".equals(key)) {
                    finishReason = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                } else if ("delta".equals(key) && value == JsonParser.Event.START_OBJECT) {
                    content = deltaContent(parser);
                } else {
                    skip(parser, value);
                }
            }
            choice = new Choice(finishReason, content);
        } else {
            skip(parser, event);
        }
        while ((event = parser.next()) != JsonParser.Event.END_ARRAY) {
            skip(parser, event);
        }
        return choice;
    }

    private static String deltaContent(JsonParser parser) {
        String content = null;
        while (parser.next() != JsonParser.Event.END_OBJECT) {
            String key = parser.getString();
            JsonParser.Event value = parser.next();
            if ("content".equals(key)) {
                content = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
            }
            skip(parser, value);
        }
        return content;
    }

    private static Usage usage(JsonParser parser) {
        Long prompt = null;
        Long completion = null;
        Long total = null;
        Long reasoning = null;
        Long cached = null;
        while (parser.next() != JsonParser.Event.END_OBJECT) {
            String key = parser.getString();
            JsonParser.Event value = parser.next();
            switch (key) {
                case "prompt_tokens" -> prompt = number(parser, value);
                case "completion_tokens" -> completion = number(parser, value);
                case "total_tokens" -> total = number(parser, value);
                case "completion_tokens_details" -> reasoning = nested(parser, value, "reasoning_tokens");
                case "prompt_tokens_details" -> cached = nested(parser, value, "cached_tokens");
                default -> skip(parser, value);
            }
        }
        return new Usage(prompt, completion, total, reasoning, cached, UsageSource.PROVIDER);
    }

    /** The named number inside an object value; null when either is missing. */
    private static Long nested(JsonParser parser, JsonParser.Event value, String field) {
        if (value != JsonParser.Event.START_OBJECT) {
            return skip(parser, value, null);
        }
        Long number = null;
        while (parser.next() != JsonParser.Event.END_OBJECT) {
            String key = parser.getString();
            JsonParser.Event item = parser.next();
            if (field.equals(key)) {
                number = number(parser, item);
            } else {
                skip(parser, item);
            }
        }
        return number;
    }

    private static Long number(JsonParser parser, JsonParser.Event value) {
        return value == JsonParser.Event.VALUE_NUMBER ? parser.getLong() : skip(parser, value, null);
    }

    /**
     * Steps over the value that {@code event} starts. Every event is still read, so the whole
     * text is checked as JSON.
     */
    private static void skip(JsonParser parser, JsonParser.Event event) {
        if (event != JsonParser.Event.START_OBJECT && event != JsonParser.Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> {
                }
            }
        }
    }

    private static <T> T skip(JsonParser parser, JsonParser.Event event, T result) {
        skip(parser, event);
        return result;
    }
}
