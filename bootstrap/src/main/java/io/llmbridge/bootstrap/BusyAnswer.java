package io.llmbridge.bootstrap;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.nio.charset.StandardCharsets;

/**
 * What a request past {@code server.max_concurrent_requests} is answered: Helidon refuses it
 * before any route sees it, with a 503 and an empty body; this makes it OpenAI's error JSON with
 * {@code Retry-After}, which OpenAI's SDKs retry. Other errors Helidon answers itself are left as
 * Helidon writes them.
 */
final class BusyAnswer implements DirectHandler {
    private static final DirectHandler HELIDON = DirectHandler.defaultHandler();

    private final byte[] json;

    BusyAnswer(int maxConcurrentRequests) {
        BridgeException busy = BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is serving as many requests as it "
                        + "allows at once (" + maxConcurrentRequests + "); retry shortly.")
                .code("gateway_busy").build();
        this.json = OpenAiErrors.json(busy).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        if (eventType != EventType.OTHER || status.code() != Status.SERVICE_UNAVAILABLE_503.code()) {
            return HELIDON.handle(request, eventType, status, headers, message);
        }
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.RETRY_AFTER, "1")
                .entity(json)
                .build();
    }
}
