package io.llmbridge.adapter.out.openai;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderNames;
import io.llmbridge.adapter.support.http.ProviderFailures;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Secret;

import java.util.Map;

/**
 * What an OpenAI-shaped upstream's statuses and error JSON mean, as the gateway's errors.
 */
final class OpenAiFailures extends ProviderFailures {

    OpenAiFailures(String provider, String keyVariable, Secret key) {
        super(provider, keyVariable, key);
    }

    @Override
    protected BridgeException fromAnswer(int status, String body, ClientResponseHeaders headers) {
        UpstreamError error = UpstreamError.parse(body);
        String message = said(error.message(), status);
        return switch (status) {
            case 400, 404, 409, 413, 422 -> BridgeException.of(ErrorKind.INVALID_REQUEST, message)
                    .upstreamStatus(status).param(error.param()).code(error.code()).build();
            case 401, 403 -> keyRejected("HTTP " + status).upstreamStatus(status).build();
            case 429 -> failure(ErrorKind.RATE_LIMITED, "is rate limiting: " + message)
                    .upstreamStatus(status).code(error.code() == null ? "rate_limit_exceeded" : error.code())
                    .retryAfter(headers.first(HeaderNames.RETRY_AFTER).orElse(null)).build();
            // Retry-After is kept for the gateway's own retries; an overloaded upstream may send it with 503.
            default -> failure(ErrorKind.UPSTREAM_ERROR, "failed with HTTP " + status + ": " + message)
                    .upstreamStatus(status).code("upstream_error")
                    .retryAfter(status == 503 ? headers.first(HeaderNames.RETRY_AFTER).orElse(null) : null).build();
        };
    }

    /** An error event inside a stream that had started. */
    BridgeException inStream(String data) {
        UpstreamError error = UpstreamError.parse(redact(data));
        return failure(ErrorKind.UPSTREAM_ERROR, "failed mid-stream: " + said(error.message(), 200))
                .code(error.code() == null ? "upstream_error" : error.code()).build();
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

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
