package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Response object and its output items, as the Responses API writes them, whole or streamed. */
final class ResponseObjects {
    static final String COMPLETED = "completed";
    static final String INCOMPLETE = "incomplete";
    static final String IN_PROGRESS = "in_progress";
    static final String FAILED = "failed";

    private ResponseObjects() {
    }

    /**
     * The ids of one response and its items, made from the gateway's request id: {@code resp_…}
     * in a client's log is {@code req_…} in the audit.
     */
    record Ids(String base) {
        static Ids of(RequestContext context) {
            String id = context.requestId();
            return new Ids(id.startsWith("req_") ? id.substring(4) : id);
        }

        String response() {
            return "resp_" + base;
        }

        String message(int outputIndex) {
            return "msg_" + base + "_" + outputIndex;
        }

        String reasoning(int outputIndex) {
            return "rs_" + base + "_" + outputIndex;
        }

        String functionCall(int outputIndex) {
            return "fc_" + base + "_" + outputIndex;
        }
    }

    /**
     * @param settings the request's settings, repeated in every Response object
     * @param ending   {@code status} and, where it applies, {@code incomplete_details} or {@code error}
     */
    static Map<String, Object> response(Ids ids, RequestContext context, String model, Ending ending, List<?> output,
                                        Usage usage, Map<String, Object> settings) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", ids.response());
        response.put("object", "response");
        response.put("created_at", context.receivedAt().getEpochSecond());
        response.put("status", ending.status());
        response.put("error", ending.error());
        response.put("incomplete_details", ending.incompleteDetails());
        response.put("model", model);
        response.put("output", output);
        response.putAll(settings);
        response.put("usage", usage == null ? null : usage(usage));
        return response;
    }

    /** How a response ended, or that it has not yet. */
    record Ending(String status, Map<String, Object> incompleteDetails, Map<String, Object> error) {
        static final Ending IN_PROGRESS = new Ending(ResponseObjects.IN_PROGRESS, null, null);

        /** From the chat answer's finish reason: cut by the token limit or a filter is incomplete. */
        static Ending of(String finishReason) {
            return switch (finishReason == null ? "" : finishReason) {
                case "length" -> new Ending(INCOMPLETE, Map.of("reason", "max_output_tokens"), null);
                case "content_filter" -> new Ending(INCOMPLETE, Map.of("reason", "content_filter"), null);
                default -> new Ending(COMPLETED, null, null);
            };
        }

        static Ending failed(BridgeException error) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", error.kind() == ErrorKind.RATE_LIMITED ? "rate_limit_exceeded" : "server_error");
            json.put("message", error.getMessage());
            return new Ending(FAILED, null, json);
        }

        /** The status of the items this response ends with. */
        String itemStatus() {
            return status.equals(FAILED) ? ResponseObjects.IN_PROGRESS : status;
        }
    }

    static Map<String, Object> message(String id, String status, List<?> content) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        item.put("content", content);
        return item;
    }

    static Map<String, Object> outputText(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "output_text");
        part.put("text", text);
        part.put("annotations", List.of());
        part.put("logprobs", List.of());
        return part;
    }

    static Map<String, Object> refusal(String text) {
        return Map.of("type", "refusal", "refusal", text);
    }

    static Map<String, Object> reasoning(String id, String status, List<?> content) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "reasoning");
        item.put("status", status);
        item.put("summary", List.of());
        item.put("content", content);
        return item;
    }

    static Map<String, Object> reasoningText(String text) {
        return Map.of("type", "reasoning_text", "text", text);
    }

    static Map<String, Object> functionCall(String id, String status, String callId, String name, String arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        return item;
    }

    /** Counts the provider left out are written as 0: the Responses API has every field. */
    static Map<String, Object> usage(Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input_tokens", orZero(usage.promptTokens()));
        json.put("input_tokens_details", Map.of("cached_tokens", orZero(usage.cachedTokens())));
        json.put("output_tokens", orZero(usage.completionTokens()));
        json.put("output_tokens_details", Map.of("reasoning_tokens", orZero(usage.reasoningTokens())));
        json.put("total_tokens", usage.totalTokens() != null ? usage.totalTokens()
                : orZero(usage.promptTokens()) + orZero(usage.completionTokens()));
        return json;
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }
}
