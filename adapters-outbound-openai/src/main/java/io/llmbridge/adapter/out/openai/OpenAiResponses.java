package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.RelayedBody;
import io.llmbridge.adapter.support.http.RelayedEvents;
import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.ModelRewrite;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /responses} on an upstream that speaks the Responses API ({@code responses: native}):
 * the client's body with only {@code model} rewritten, the answer or event stream relayed as it came.
 */
final class OpenAiResponses {
    private final UpstreamExchange upstream;
    private final URI endpoint;

    OpenAiResponses(UpstreamExchange upstream, URI endpoint) {
        this.upstream = upstream;
        this.endpoint = endpoint;
    }

    RelayedAnswer relay(ModelRoute route, RelayedRequest request, Duration timeout) {
        byte[] body = ModelRewrite.of(request.body(), route.upstreamModel());
        if (request.stream()) {
            UpstreamEvents events = upstream.relayStream(endpoint, route, body, List.of());
            return new RelayedEvents(events, new ResponsesFields(),
                    events.headers().first(OpenAiChatProvider.X_REQUEST_ID).orElse(null));
        }
        return upstream.complete(endpoint, route, body, timeout, (answer, headers) -> {
            ResponsesFields fields = ResponsesFields.of(answer);
            return new RelayedBody(answer, fields.usage(), fields.finishReason(),
                    headers.first(OpenAiChatProvider.X_REQUEST_ID).orElse(null), fields.responseId());
        });
    }
}
