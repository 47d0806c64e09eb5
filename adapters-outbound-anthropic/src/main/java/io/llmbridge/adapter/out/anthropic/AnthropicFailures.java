package io.llmbridge.adapter.out.anthropic;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderNames;
import io.llmbridge.adapter.support.http.ProviderFailures;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.UpstreamFailure;

import java.util.Map;

/**
 * Anthropic's failures → the gateway's error kinds. Anthropic's error body names a type
 * ({@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}), which
 * decides; the HTTP status stands in when the body is not Anthropic's.
 */
final class AnthropicFailures extends ProviderFailures {

    AnthropicFailures(String provider, String keyVariable, Secret key) {
        super(provider, keyVariable, key);
    }

    @Override
    protected BridgeException fromAnswer(int status, String body, ClientResponseHeaders headers) {
        Map<?, ?> error = errorOf(body);
        String message = error == null ? (body.isBlank() ? null : body.strip()) : text(error.get("message"));
        String type = error == null ? null : text(error.get("type"));
        return classify(type == null ? typeOf(status) : type, status, message,
                headers.first(HeaderNames.RETRY_AFTER).orElse(null));
    }

    /** An {@code error} event inside a stream that had started. */
    BridgeException inStream(Map<?, ?> event) {
        Map<?, ?> error = event.get("error") instanceof Map<?, ?> map ? map : Map.of();
        String type = text(error.get("type"));
        return classify(type == null ? "api_error" : type, statusOf(type), text(error.get("message")), null);
    }

    private BridgeException classify(String type, int status, String message, String retryAfter) {
        String said = said(message, status);
        return switch (type) {
            case "invalid_request_error", "not_found_error", "request_too_large" -> failure(ErrorKind.INVALID_REQUEST,
                    "rejected the request (" + type + "): " + said).upstreamStatus(status).code(type)
                    .upstreamFailure(UpstreamFailure.REQUEST_REJECTED).build();
            case "authentication_error", "permission_error" -> keyRejected(type).upstreamStatus(status).build();
            case "rate_limit_error" -> failure(ErrorKind.RATE_LIMITED, "is rate limiting: " + said).upstreamStatus(status)
                    .code("rate_limit_exceeded").retryAfter(retryAfter).upstreamFailure(UpstreamFailure.RATE_LIMITED).build();
            // Overloaded for everyone, not this key: worth another call, and the client is told to come back.
            case "overloaded_error" -> failure(ErrorKind.UNAVAILABLE, "is overloaded: " + said).upstreamStatus(status)
                    .code("upstream_overloaded").retryAfter(retryAfter).upstreamFailure(UpstreamFailure.TRANSIENT).build();
            default -> failure(ErrorKind.UPSTREAM_ERROR, "failed (" + type + "): " + said).upstreamStatus(status)
                    .code("upstream_error").build();
        };
    }

    /** The type Anthropic pairs with a status, for bodies that do not name one. */
    private static String typeOf(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /** The status Anthropic answers a type with outside a stream, for an error event inside one. */
    private static int statusOf(String type) {
        return switch (type == null ? "" : type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    private static Map<?, ?> errorOf(String body) {
        try {
            return PlainJson.parseObject(body).get("error") instanceof Map<?, ?> error ? error : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }
}
