package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;

import java.nio.charset.StandardCharsets;

/** The one place where failures become HTTP statuses; the error JSON itself is {@link OpenAiErrors}'. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static int status(BridgeException error) {
        return OpenAiErrors.httpStatus(error);
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
