package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The one place where failures become HTTP statuses; the error JSON itself is {@link OpenAiErrors}'. */
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

    static void send(ServerResponse response, BridgeException error) {
        if (error.retryAfter() != null) {
            response.header(HeaderNames.RETRY_AFTER, error.retryAfter());
        }
        send(response, status(error), OpenAiErrors.json(error));
    }

    static void send(ServerResponse response, int status, String json) {
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }
}
