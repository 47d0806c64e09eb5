package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.JsonFactories;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;

/**
 * Reads what the gateway needs from OpenAI's response and chunk objects. The object itself goes
 * to the client as the upstream wrote it, so it is read as a stream of JSON events and only these
 * few values are kept: nothing else is built (a stream has one object per token). Every event is
 * still read, so malformed JSON is still refused.
 */
final class AnswerFieldReader {
    private AnswerFieldReader() {
    }

    /**
     * What the gateway reads from one object.
     *
     * @param id           its {@code id} ({@code chatcmpl-…}); null when it has none, or was not asked for
     * @param error        whether it has an {@code error} member (an error event in a stream)
     * @param finishReason the first choice's finish reason; null while there is none
     * @param content      the content it adds over all its choices; null when none
     * @param reasoning    the reasoning text it adds ({@code reasoning_content}, or {@code reasoning} as
     *                     vLLM and OpenRouter write it); null when none
     * @param toolCalls    the tool-call names and argument text it adds; null when none
     * @param usage        its usage; null when it has none
     * @param usageOnly    true for the chunk that carries only usage ({@code "choices": []}), as
     *                     {@code include_usage} makes it
     */
    record Fields(String id, boolean error, String finishReason, String content, String reasoning, String toolCalls,
                  Usage usage, boolean usageOnly) {
        GeneratedText generated() {
            return new GeneratedText(content, reasoning, toolCalls);
        }
    }

    /**
     * A chunk: its choices' text is under {@code delta}.
     *
     * @param readId whether to keep its {@code id}: a stream's id is the same in every chunk, so it
     *               is read until one chunk has said it, and not copied out of every later one
     */
    static Fields chunk(String json, boolean readId) {
        return read(json, "delta", readId);
    }

    /** A whole answer: its choices' text is under {@code message}. */
    static Fields completion(String json) {
        return read(json, "message", true);
    }

    /** @throws JsonException when the text is not one JSON object */
    private static Fields read(String json, String messageField, boolean readId) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new JsonException("not a JSON object");
            }
            String id = null;
            boolean error = false;
            boolean anyChoice = false;
            Usage usage = null;
            Text text = new Text(messageField);
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                switch (key) {
                    case "id" -> {
                        if (readId && value == JsonParser.Event.VALUE_STRING) {
                            id = parser.getString();
                        } else {
                            skip(parser, value);
                        }
                    }
                    case "error" -> {
                        error = true;
                        skip(parser, value);
                    }
                    case "choices" -> anyChoice = value == JsonParser.Event.START_ARRAY ? text.readChoices(parser) : skip(parser, value);
                    case "usage" -> {
                        if (value == JsonParser.Event.START_OBJECT) {
                            usage = usage(parser);
                        } else {
                            skip(parser, value);
                        }
                    }
                    default -> skip(parser, value);
                }
            }
            if (parser.hasNext()) {
                throw new JsonException("unexpected content after the JSON object");
            }
            return new Fields(id, error, text.finishReason, text.content.text(), text.reasoning.text(), text.toolCalls.text(),
                    usage, usage != null && !anyChoice);
        }
    }

    /** The text of the choices, gathered as they are read. */
    private static final class Text {
        private final String messageField;
        private final Joined content = new Joined();
        private final Joined reasoning = new Joined();
        private final Joined toolCalls = new Joined();
        private String finishReason;

        Text(String messageField) {
            this.messageField = messageField;
        }

        /** @return whether the array held any choice */
        boolean readChoices(JsonParser parser) {
            boolean first = true;
            boolean any = false;
            JsonParser.Event event;
            while ((event = parser.next()) != JsonParser.Event.END_ARRAY) {
                any = true;
                if (event == JsonParser.Event.START_OBJECT) {
                    readChoice(parser, first);
                } else {
                    skip(parser, event);
                }
                first = false;
            }
            return any;
        }

        private void readChoice(JsonParser parser, boolean first) {
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (first && "finish_reason".equals(key) && value == JsonParser.Event.VALUE_STRING) {
                    finishReason = parser.getString();
                } else if (messageField.equals(key) && value == JsonParser.Event.START_OBJECT) {
                    readMessage(parser);
                } else {
                    skip(parser, value);
                }
            }
        }

        private void readMessage(JsonParser parser) {
            String reasoningContent = null;
            String reasoningOther = null;
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                switch (key) {
                    case "content" -> appendString(parser, value, content);
                    case "reasoning_content" -> reasoningContent = string(parser, value);
                    case "reasoning" -> reasoningOther = string(parser, value);
                    case "tool_calls" -> {
                        if (value == JsonParser.Event.START_ARRAY) {
                            readToolCalls(parser);
                        } else {
                            skip(parser, value);
                        }
                    }
                    case "function_call" -> {
                        if (value == JsonParser.Event.START_OBJECT) {
                            readFunction(parser);
                        } else {
                            skip(parser, value);
                        }
                    }
                    default -> skip(parser, value);
                }
            }
            String chosen = reasoningContent != null ? reasoningContent : reasoningOther;
            if (chosen != null) {
                reasoning.add(chosen);
            }
        }

        private void readToolCalls(JsonParser parser) {
            JsonParser.Event event;
            while ((event = parser.next()) != JsonParser.Event.END_ARRAY) {
                if (event != JsonParser.Event.START_OBJECT) {
                    skip(parser, event);
                    continue;
                }
                while (parser.next() != JsonParser.Event.END_OBJECT) {
                    String key = parser.getString();
                    JsonParser.Event value = parser.next();
                    if ("function".equals(key) && value == JsonParser.Event.START_OBJECT) {
                        readFunction(parser);
                    } else {
                        skip(parser, value);
                    }
                }
            }
        }

        /** A function's name, then its argument text, whatever order the object has them in. */
        private void readFunction(JsonParser parser) {
            String name = null;
            String arguments = null;
            while (parser.next() != JsonParser.Event.END_OBJECT) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if ("name".equals(key)) {
                    name = string(parser, value);
                } else if ("arguments".equals(key)) {
                    arguments = string(parser, value);
                } else {
                    skip(parser, value);
                }
            }
            if (name != null) {
                toolCalls.add(name);
            }
            if (arguments != null) {
                toolCalls.add(arguments);
            }
        }

    }

    /**
     * Text gathered from one object. A chunk nearly always adds one piece or none, so one piece is
     * kept as it is and a builder is made only for a second: no builders per chunk for nothing.
     */
    private static final class Joined {
        private String single;
        private StringBuilder several;

        void add(String piece) {
            if (single == null) {
                single = piece;
            } else {
                if (several == null) {
                    several = new StringBuilder(single);
                }
                several.append(piece);
            }
        }

        /** The text; null when no piece was added, or only empty ones. */
        String text() {
            String text = several != null ? several.toString() : single;
            return text == null || text.isEmpty() ? null : text;
        }
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
            skip(parser, value);
            return null;
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
        if (value == JsonParser.Event.VALUE_NUMBER) {
            return parser.getBigDecimal().longValue();
        }
        skip(parser, value);
        return null;
    }

    private static String string(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.VALUE_STRING) {
            return parser.getString();
        }
        skip(parser, value);
        return null;
    }

    private static void appendString(JsonParser parser, JsonParser.Event value, Joined text) {
        String string = string(parser, value);
        if (string != null) {
            text.add(string);
        }
    }

    /** Skips a value whose first event was just read; always false, for use in expressions. */
    static boolean skip(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
        return false;
    }
}
