package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.http.ConnectionFailures;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.ModelRoute;

import java.util.Locale;
import java.util.Map;

/**
 * Gemini's failures → the gateway's error kinds. Google's error body names a canonical status
 * ({@code {"error":{"code","message","status"}}}), which decides; the HTTP status stands in when
 * the body is not Google's.
 */
final class GeminiFailures {
    private final String provider;
    private final String keyVariable;
    private final Secret key;

    /** @param key the key this adapter sends, masked in anything Google says; may be null */
    GeminiFailures(String provider, String keyVariable, Secret key) {
        this.provider = provider;
        this.keyVariable = keyVariable;
        this.key = key;
    }

    /** An answer other than 200. */
    BridgeException fromResponse(HttpClientResponse response) {
        int httpStatus = response.status().code();
        GoogleError error = GoogleError.parse(ConnectionFailures.errorBody(response));
        String retryAfter = response.headers().first(HeaderNames.RETRY_AFTER).orElse(error.retryDelaySeconds());
        return classify(error, httpStatus, retryAfter);
    }

    /** An error event inside a stream. */
    BridgeException inStream(Map<String, Object> event) {
        GoogleError error = GoogleError.of(Values.object(event, "error"));
        return classify(error, error.httpStatus(), error.retryDelaySeconds());
    }

    /** Google's message, with our key masked should it echo it. */
    private String said(GoogleError error, int httpStatus) {
        String message = error.message(httpStatus);
        return key == null ? message : key.redactFrom(message);
    }

    private BridgeException classify(GoogleError error, int httpStatus, String retryAfter) {
        String status = error.rejectsKey() ? "UNAUTHENTICATED"
                : error.status() != null ? error.status() : GoogleError.statusOf(httpStatus);
        String code = status.toLowerCase(Locale.ROOT);
        return switch (status) {
            // Google answers FAILED_PRECONDITION (e.g. a region without access) with HTTP 400 too.
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> of(ErrorKind.INVALID_REQUEST,
                    "rejected the request (" + status + "): " + said(error, httpStatus)).upstreamStatus(400).code(code).build();
            case "NOT_FOUND" -> of(ErrorKind.INVALID_REQUEST, "does not know what was asked for (" + status + "): "
                    + said(error, httpStatus)).upstreamStatus(404).code(code).build();
            // Google's message is not passed on: the client cannot act on it, the operator can.
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> of(ErrorKind.UPSTREAM_ERROR, "rejected the gateway's API key ("
                    + status + "); the operator should check " + keyVariable + ".")
                    .upstreamStatus(httpStatus).code("upstream_authentication_failed").build();
            case "RESOURCE_EXHAUSTED" -> of(ErrorKind.RATE_LIMITED, "is rate limiting: " + said(error, httpStatus))
                    .upstreamStatus(httpStatus).code("rate_limit_exceeded").retryAfter(retryAfter).build();
            case "DEADLINE_EXCEEDED" -> of(ErrorKind.UPSTREAM_TIMEOUT, "ran out of time (" + status + "): "
                    + said(error, httpStatus)).upstreamStatus(httpStatus).code("upstream_timeout").build();
            default -> of(ErrorKind.UPSTREAM_ERROR, "failed (" + status + "): " + said(error, httpStatus))
                    .upstreamStatus(httpStatus).code("upstream_error").build();
        };
    }

    /** Gemini answers a prompt it will not read with no candidates and the reason. */
    void requireNotBlocked(Map<String, Object> response) {
        String reason = Values.string(Values.object(response, "promptFeedback"), "blockReason");
        if (reason != null) {
            throw of(ErrorKind.INVALID_REQUEST, "blocked the prompt (" + reason + ").")
                    .upstreamStatus(400).code("content_filter").param("messages").build();
        }
    }

    /** A failure to get an answer at all: timeouts, refused or broken connections. */
    BridgeException translate(ModelRoute route, RuntimeException failure) {
        return ConnectionFailures.translate(provider, route, failure);
    }

    BridgeException timeout(ModelRoute route, Throwable cause) {
        return ConnectionFailures.timeout(provider, route, cause);
    }

    BridgeException invalidResponse(String what) {
        return of(ErrorKind.UPSTREAM_ERROR, what + ".").code("upstream_invalid_response").build();
    }

    BridgeException brokenStream(String what) {
        return of(ErrorKind.UPSTREAM_ERROR, what + ".").code("upstream_stream_broken").build();
    }

    private BridgeException.Builder of(ErrorKind kind, String what) {
        return BridgeException.of(kind, "Provider '" + provider + "' " + what);
    }

}
