package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic's error vocabulary for the gateway's failures: {@code {"type":"error","error":{"type","message"}}},
 * with the {@code error.type} an Anthropic SDK maps to its exception classes. The HTTP status is
 * the gateway's, the same as on the OpenAI surface.
 */
final class AnthropicErrors {
    private AnthropicErrors() {
    }

    /** Anthropic's {@code error.type} for a kind of failure. */
    static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> "invalid_request_error";
            case UNAUTHENTICATED -> "authentication_error";
            case PERMISSION_DENIED -> "permission_error";
            case MODEL_NOT_FOUND, NOT_FOUND -> "not_found_error";
            case CONFLICT -> "invalid_request_error";
            case PAYLOAD_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case UNAVAILABLE -> "overloaded_error";
            case UPSTREAM_ERROR, UPSTREAM_TIMEOUT, INTERNAL -> "api_error";
        };
    }

    static String json(BridgeException error) {
        return json(type(error.kind()), error.getMessage());
    }

    static String json(String type, String message) {
        return PlainJson.write(body(type, message));
    }

    /** The error object, as the answer's body and as a stream's {@code error} event alike. */
    static Map<String, Object> body(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return body;
    }
}
