package io.llmbridge.adapter.support.json;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's error vocabulary for the gateway's failures. Every inbound transport reports the same
 * failure with the same {@code type} and {@code code}, so it lives here rather than in one adapter.
 */
public final class OpenAiErrors {
    /** Upstream statuses that describe the client's request and so are passed on as they are. */
    private static final Set<Integer> REQUEST_STATUSES = Set.of(400, 404, 409, 413, 422);

    private OpenAiErrors() {
    }

    /** The HTTP status of a failure, as the HTTP API answers it and the audit records it. */
    public static int httpStatus(BridgeException error) {
        return switch (error.kind()) {
            case INVALID_REQUEST -> error.upstreamStatus() != null && REQUEST_STATUSES.contains(error.upstreamStatus())
                    ? error.upstreamStatus() : 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case MODEL_NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case NOT_FOUND -> 404;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UPSTREAM_ERROR -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /** OpenAI's {@code error.type} for a kind of failure. */
    public static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNAUTHENTICATED, MODEL_NOT_FOUND, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE -> "invalid_request_error";
            case PERMISSION_DENIED -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case UPSTREAM_ERROR, UPSTREAM_TIMEOUT -> "upstream_error";
            case UNAVAILABLE -> "service_unavailable_error";
            case INTERNAL -> "server_error";
        };
    }

    /** {@code {"error":{"message","type","param","code"}}}, as OpenAI's REST API answers. */
    public static String json(BridgeException error) {
        return json(error.getMessage(), type(error.kind()), error.param(), error.code());
    }

    public static String json(String message, String type, String param, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("type", type);
        body.put("param", param);
        body.put("code", code);
        return wrap(body);
    }

    /** {@code {"error": body}}: transports that answer with fewer fields build their own body. */
    public static String wrap(Map<String, Object> body) {
        return PlainJson.write(Map.of("error", body));
    }
}
