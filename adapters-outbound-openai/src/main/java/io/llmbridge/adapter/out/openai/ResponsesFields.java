package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.RelayedEvents;
import io.llmbridge.adapter.support.json.JsonFactories;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gateway reads of a Response object relayed from a native Responses upstream: its id,
 * usage and how it ended. In a stream, only the terminal events carry usage and ending
 * ({@code response.completed}, {@code response.incomplete}, {@code response.failed}) and are
 * parsed; the id is read from the first event, {@code response.created}, only as far as it, so
 * that a stream cut short still has it. Every other event passes without being parsed.
 */
final class ResponsesFields implements RelayedEvents.Tap {
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");
    private static final String CREATED = "\"response.created\"";

    private volatile Usage usage;
    private volatile String finishReason;
    private volatile BridgeException failure;
    private volatile String responseId;

    /** The fields of a whole Response body; a body that is not a JSON object has none. */
    static ResponsesFields of(byte[] body) {
        ResponsesFields fields = new ResponsesFields();
        try {
            fields.read(PlainJson.parseObject(body));
        } catch (RuntimeException e) {
            // relayed as it came; the client's SDK will say what is wrong with it
        }
        return fields;
    }

    @Override
    public void event(String data) {
        if (responseId == null && data.contains(CREATED)) {
            responseId = responseIdOf(data);
        }
        if (!mayBeTerminal(data)) {
            return;
        }
        try {
            Map<String, Object> event = PlainJson.parseObject(data);
            if (TERMINAL.contains(event.get("type")) && event.get("response") instanceof Map<?, ?> response) {
                read(response);
            }
        } catch (RuntimeException e) {
            // an event that is not JSON is relayed all the same
        }
    }

    private static boolean mayBeTerminal(String data) {
        for (String type : TERMINAL) {
            if (data.contains('"' + type + '"')) {
                return true;
            }
        }
        return false;
    }

    /** The event's {@code response.id}, read no further than it; null when it has none or is not JSON. */
    private static String responseIdOf(String data) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(data))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                boolean response = "response".equals(parser.getString());
                JsonParser.Event value = parser.next();
                if (response && value == JsonParser.Event.START_OBJECT) {
                    while (parser.next() == JsonParser.Event.KEY_NAME) {
                        boolean id = "id".equals(parser.getString());
                        JsonParser.Event field = parser.next();
                        if (id) {
                            return field == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                        }
                        AnswerFieldReader.skip(parser, field);
                    }
                    return null;
                }
                AnswerFieldReader.skip(parser, value);
            }
            return null;
        } catch (RuntimeException e) {
            return null; // an event that is not JSON is relayed all the same
        }
    }

    private void read(Map<?, ?> response) {
        if (responseId == null && response.get("id") instanceof String id) {
            responseId = id;
        }
        if (response.get("usage") instanceof Map<?, ?> counts) {
            Long input = count(counts, "input_tokens");
            Long output = count(counts, "output_tokens");
            Long total = count(counts, "total_tokens");
            usage = new Usage(input, output, total != null ? total : input != null && output != null ? input + output : null,
                    count(counts.get("output_tokens_details"), "reasoning_tokens"),
                    count(counts.get("input_tokens_details"), "cached_tokens"), UsageSource.PROVIDER);
        }
        finishReason = finishReason(response);
        if ("failed".equals(response.get("status"))) {
            Map<?, ?> error = response.get("error") instanceof Map<?, ?> map ? map : Map.of();
            String message = error.get("message") instanceof String text ? text : "The Response failed.";
            failure = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Upstream: " + ClientText.name(message))
                    .code(error.get("code") instanceof String code ? code : "response_failed").build();
        }
    }

    /** A Response's status in chat completion terms: {@code stop}, {@code tool_calls}, {@code length}, {@code content_filter}. */
    private static String finishReason(Map<?, ?> response) {
        Object status = response.get("status");
        if ("incomplete".equals(status)) {
            return response.get("incomplete_details") instanceof Map<?, ?> details
                    && "content_filter".equals(details.get("reason")) ? "content_filter" : "length";
        }
        if (!"completed".equals(status)) {
            return null;
        }
        if (response.get("output") instanceof List<?> output) {
            for (Object item : output) {
                if (item instanceof Map<?, ?> map && "function_call".equals(map.get("type"))) {
                    return "tool_calls";
                }
            }
        }
        return "stop";
    }

    private static Long count(Object fields, String name) {
        return fields instanceof Map<?, ?> map && map.get(name) instanceof Number number ? number.longValue() : null;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }

    @Override
    public BridgeException failure() {
        return failure;
    }

    @Override
    public String responseId() {
        return responseId;
    }
}
