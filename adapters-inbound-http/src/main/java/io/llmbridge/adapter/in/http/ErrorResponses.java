package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The one place where failures become HTTP statuses and OpenAI's error JSON. */
final class ErrorResponses {
    /** Upstream statuses that describe the client's request and so are passed on as they are. */
    private static final Set<Integer> REQUEST_STATUSES = Set.of(400, 404, 409, 413, 422);

    private ErrorResponses() {
    }

    static int status(BridgeException error) {
        return switch (error.kind()) {
            case INVALID_REQUEST -> error.upstreamStatus() != null && REQUEST_STATUSES.contains(error.upstreamStatus())
                    ? error.upstreamStatus() : 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case MODEL_NOT_FOUND -> 404;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UPSTREAM_ERROR -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    static String type(BridgeException error) {
        return switch (error.kind()) {
            case INVALID_REQUEST, UNAUTHENTICATED, MODEL_NOT_FOUND, PAYLOAD_TOO_LARGE -> "invalid_request_error";
            case PERMISSION_DENIED -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case UPSTREAM_ERROR, UPSTREAM_TIMEOUT -> "upstream_error";
            case UNAVAILABLE -> "service_unavailable_error";
            case INTERNAL -> "server_error";
        };
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    static String json(BridgeException error) {
        return json(error.getMessage(), type(error), error.param(), error.code());
    }

    static String json(String message, String type, String param, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("type", type);
        body.put("param", param);
        body.put("code", code);
        return PlainJson.write(Map.of("error", body));
    }

    static void send(ServerResponse response, BridgeException error) {
        if (error.retryAfter() != null) {
            response.header(HeaderNames.RETRY_AFTER, error.retryAfter());
        }
        send(response, status(error), json(error));
    }

    static void send(ServerResponse response, int status, String json) {
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }
}
