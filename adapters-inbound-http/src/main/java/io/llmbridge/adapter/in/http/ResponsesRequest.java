package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import jakarta.json.JsonException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.llmbridge.adapter.in.http.ResponsesFields.array;
import static io.llmbridge.adapter.in.http.ResponsesFields.bool;
import static io.llmbridge.adapter.in.http.ResponsesFields.number;
import static io.llmbridge.adapter.in.http.ResponsesFields.object;
import static io.llmbridge.adapter.in.http.ResponsesFields.positiveInteger;
import static io.llmbridge.adapter.in.http.ResponsesFields.requiredString;
import static io.llmbridge.adapter.in.http.ResponsesFields.string;

/**
 * A {@code POST /responses} body translated onto the chat path (docs/responses-api.md).
 *
 * @param chat     the chat request that answers it, through the same use case as {@code /chat/completions}
 * @param settings the request's settings as every Response object repeats them, in OpenAI's order
 */
record ResponsesRequest(ChatRequest chat, Map<String, Object> settings) {
    /** Fields a chat provider takes as they are; other fields it would not know are left out. */
    private static final List<String> SAME_IN_CHAT = List.of("temperature", "top_p", "parallel_tool_calls", "user",
            "safety_identifier", "prompt_cache_key", "service_tier");

    /** @throws BridgeException 400 naming the field, for anything the translation cannot carry faithfully */
    static ResponsesRequest from(byte[] body) {
        return from(parse(body));
    }

    /** @throws BridgeException 400 for a body that is not a JSON object */
    static Map<String, Object> parse(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }

    static ResponsesRequest from(Map<String, Object> request) {
        refuseState(request);
        Map<String, Object> chat = new LinkedHashMap<>();
        String model = requiredString(request, "model", null);
        if (model.isBlank()) {
            throw ResponsesFields.missing(null, "model", "a non-empty string");
        }
        chat.put("model", model);
        chat.put("messages", ResponsesInput.messages(request));
        List<?> tools = array(request, "tools", null);
        if (tools != null && !tools.isEmpty()) {
            chat.put("tools", ResponsesTools.tools(tools));
        }
        if (request.get("tool_choice") != null) {
            chat.put("tool_choice", ResponsesTools.toolChoice(request.get("tool_choice")));
        }
        number(request, "temperature", null);
        number(request, "top_p", null);
        bool(request, "parallel_tool_calls", null);
        string(request, "user", null);
        for (String field : SAME_IN_CHAT) {
            if (request.get(field) != null) {
                chat.put(field, request.get(field));
            }
        }
        Long maxOutputTokens = positiveInteger(request, "max_output_tokens", null);
        if (maxOutputTokens != null) {
            chat.put("max_completion_tokens", maxOutputTokens);
        }
        Map<String, Object> reasoning = object(request, "reasoning", null);
        if (reasoning != null && string(reasoning, "effort", "reasoning") != null) {
            chat.put("reasoning_effort", reasoning.get("effort"));
        }
        Map<String, Object> text = object(request, "text", null);
        if (text != null) {
            Map<String, Object> format = object(text, "format", "text");
            Map<String, Object> responseFormat = format == null ? null : ResponsesTools.responseFormat(format);
            if (responseFormat != null) {
                chat.put("response_format", responseFormat);
            }
            if (string(text, "verbosity", "text") != null) {
                chat.put("verbosity", text.get("verbosity"));
            }
        }
        bool(request, "store", null);
        object(request, "metadata", null);
        if (Boolean.TRUE.equals(bool(request, "stream", null))) {
            chat.put("stream", true);
            // Response events end with usage: the chat stream must carry it to the client's side.
            chat.put("stream_options", Map.of("include_usage", true));
        }
        return new ResponsesRequest(ChatRequest.from(chat), settings(request));
    }

    /**
     * A request that continues an earlier one would be answered without the earlier turns: it
     * is refused instead, since the gateway keeps no responses.
     */
    private static void refuseState(Map<String, Object> request) {
        if (request.get("previous_response_id") != null) {
            throw BridgeException.invalidRequest("previous_response_id", "'previous_response_id' is not supported: the gateway"
                    + " does not keep responses. Send the whole conversation in 'input' (and 'store': false).");
        }
        if (request.get("conversation") != null) {
            throw BridgeException.invalidRequest("conversation", "'conversation' is not supported: the gateway does not keep"
                    + " conversations. Send the whole conversation in 'input'.");
        }
        if (request.get("prompt") != null) {
            throw BridgeException.invalidRequest("prompt", "'prompt' (a stored prompt template) is not supported: the gateway"
                    + " keeps no prompts. Send the text in 'instructions' and 'input'.");
        }
        if (Boolean.TRUE.equals(request.get("background"))) {
            throw BridgeException.invalidRequest("background", "'background': true is not supported: the gateway does not"
                    + " keep responses to fetch later.");
        }
    }

    private static Map<String, Object> settings(Map<String, Object> request) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("instructions", request.get("instructions"));
        settings.put("max_output_tokens", request.get("max_output_tokens"));
        settings.put("parallel_tool_calls", request.getOrDefault("parallel_tool_calls", true));
        settings.put("previous_response_id", null);
        Map<String, Object> reasoning = new LinkedHashMap<>();
        reasoning.put("effort", request.get("reasoning") instanceof Map<?, ?> asked ? asked.get("effort") : null);
        reasoning.put("summary", null);
        settings.put("reasoning", reasoning);
        settings.put("store", false); // whatever was asked: nothing is kept
        settings.put("temperature", request.get("temperature"));
        settings.put("text", request.get("text") instanceof Map<?, ?> text && text.get("format") != null
                ? text : Map.of("format", Map.of("type", "text")));
        settings.put("tool_choice", request.get("tool_choice") == null ? "auto" : request.get("tool_choice"));
        settings.put("tools", request.get("tools") == null ? List.of() : request.get("tools"));
        settings.put("top_p", request.get("top_p"));
        settings.put("truncation", "disabled");
        settings.put("user", request.get("user"));
        settings.put("metadata", request.get("metadata") == null ? Map.of() : request.get("metadata"));
        return settings;
    }

    String model() {
        return chat.model();
    }

    boolean stream() {
        return chat.stream();
    }
}
