package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.ConnectionFailures;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Secret;

import java.util.Map;

/**
 * Turns what went wrong at an OpenAI-shaped upstream (its statuses, its error JSON, a broken
 * connection) into the gateway's errors, keeping their meaning.
 */
final class OpenAiFailures {
    private static final int MAX_MESSAGE = 2000;

    private final String provider;
    private final String keyVariable;
    private final Secret key;

    /** @param key the key this adapter sends, masked in anything the upstream says; may be null */
    OpenAiFailures(String provider, String keyVariable, Secret key) {
        this.key = key;
        this.provider = provider;
        this.keyVariable = keyVariable;
    }

    /** An answer other than 200. */
    BridgeException fromResponse(HttpClientResponse response) {
        int status = response.status().code();
        String body = redact(ConnectionFailures.errorBody(response));
        UpstreamError error = UpstreamError.parse(body);
        return switch (status) {
            case 400, 404, 409, 413, 422 -> BridgeException.of(ErrorKind.INVALID_REQUEST, error.message(status))
                    .upstreamStatus(status).param(error.param()).code(error.code()).build();
            case 401, 403 -> BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider
                            + "' rejected the gateway's API key (HTTP " + status + "); the operator should check "
                            + keyVariable + ".")
                    .upstreamStatus(status).code("upstream_authentication_failed").build();
            case 429 -> BridgeException.of(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting: "
                            + error.message(status))
                    .upstreamStatus(status).code(error.code() == null ? "rate_limit_exceeded" : error.code())
                    .retryAfter(response.headers().first(HeaderNames.RETRY_AFTER).orElse(null)).build();
            // Retry-After is kept for the gateway's own retries; an overloaded upstream may send it with 503.
            default -> BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' failed with HTTP "
                            + status + ": " + error.message(status))
                    .upstreamStatus(status).code("upstream_error")
                    .retryAfter(status == 503 ? response.headers().first(HeaderNames.RETRY_AFTER).orElse(null) : null).build();
        };
    }

    /** A failure to get an answer at all: timeouts, refused or broken connections. */
    BridgeException translate(ModelRoute route, RuntimeException failure) {
        return ConnectionFailures.translate(provider, route, failure);
    }

    BridgeException timeout(ModelRoute route, Throwable cause) {
        return ConnectionFailures.timeout(provider, route, cause);
    }

    /** An error event inside a stream that had started. */
    BridgeException inStream(String data) {
        UpstreamError error = UpstreamError.parse(redact(data));
        return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' failed mid-stream: "
                + error.message(200)).code(error.code() == null ? "upstream_error" : error.code()).build();
    }

    /** An answer that cannot be passed on, {@code what} the upstream did wrong. */
    BridgeException invalidResponse(String what) {
        return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' " + what + ".")
                .code("upstream_invalid_response").build();
    }

    BridgeException brokenStream(String reason) {
        return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' " + reason + ".")
                .code("upstream_stream_broken").build();
    }

    private String redact(String upstreamText) {
        return key == null ? upstreamText : key.redactFrom(upstreamText);
    }


    /** The parts of OpenAI's error JSON that are passed on; any other body is kept as text. */
    private record UpstreamError(String message, String code, String param) {
        static UpstreamError parse(String body) {
            try {
                if (PlainJson.parseObject(body).get("error") instanceof Map<?, ?> error) {
                    return new UpstreamError(text(error.get("message")), text(error.get("code")), text(error.get("param")));
                }
            } catch (RuntimeException notJson) {
                // fall through: the body is shown as text
            }
            return new UpstreamError(body.isBlank() ? null : body.strip(), null, null);
        }

        String message(int status) {
            if (message == null || message.isBlank()) {
                return "HTTP " + status + " with no message";
            }
            return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
