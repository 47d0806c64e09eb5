package io.llmbridge.adapter.out.gemini;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderNames;
import io.llmbridge.adapter.support.http.ProviderFailures;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Secret;

import java.util.Locale;
import java.util.Map;

/**
 * Gemini's failures → the gateway's error kinds. Google's error body names a canonical status
 * ({@code {"error":{"code","message","status"}}}), which decides; the HTTP status stands in when
 * the body is not Google's.
 */
final class GeminiFailures extends ProviderFailures {

    GeminiFailures(String provider, String keyVariable, Secret key) {
        super(provider, keyVariable, key);
    }

    @Override
    protected BridgeException fromAnswer(int httpStatus, String body, ClientResponseHeaders headers) {
        GoogleError error = GoogleError.parse(body);
        return classify(error, httpStatus, headers.first(HeaderNames.RETRY_AFTER).orElse(error.retryDelaySeconds()));
    }

    /** An error event inside a stream. */
    BridgeException inStream(Map<String, Object> event) {
        GoogleError error = GoogleError.of(Values.object(event, "error"));
        return classify(error, error.httpStatus(), error.retryDelaySeconds());
    }

    private BridgeException classify(GoogleError error, int httpStatus, String retryAfter) {
        String status = error.rejectsKey() ? "UNAUTHENTICATED"
                : error.status() != null ? error.status() : GoogleError.statusOf(httpStatus);
        String code = status.toLowerCase(Locale.ROOT);
        String said = said(error.text(), httpStatus);
        return switch (status) {
            // Google answers FAILED_PRECONDITION (e.g. a region without access) with HTTP 400 too.
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> failure(ErrorKind.INVALID_REQUEST,
                    "rejected the request (" + status + "): " + said).upstreamStatus(400).code(code).build();
            case "NOT_FOUND" -> failure(ErrorKind.INVALID_REQUEST, "does not know what was asked for (" + status + "): "
                    + said).upstreamStatus(404).code(code).build();
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> keyRejected(status).upstreamStatus(httpStatus).build();
            case "RESOURCE_EXHAUSTED" -> failure(ErrorKind.RATE_LIMITED, "is rate limiting: " + said)
                    .upstreamStatus(httpStatus).code("rate_limit_exceeded").retryAfter(retryAfter).build();
            case "DEADLINE_EXCEEDED" -> failure(ErrorKind.UPSTREAM_TIMEOUT, "ran out of time (" + status + "): "
                    + said).upstreamStatus(httpStatus).code("upstream_timeout").build();
            default -> failure(ErrorKind.UPSTREAM_ERROR, "failed (" + status + "): " + said)
                    .upstreamStatus(httpStatus).code("upstream_error").build();
        };
    }

    /** Gemini answers a prompt it will not read with no candidates and the reason. */
    void requireNotBlocked(Map<String, Object> response) {
        String reason = Values.string(Values.object(response, "promptFeedback"), "blockReason");
        if (reason != null) {
            throw failure(ErrorKind.INVALID_REQUEST, "blocked the prompt (" + reason + ").")
                    .upstreamStatus(400).code("content_filter").param("messages").build();
        }
    }
}
