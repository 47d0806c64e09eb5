package io.llmbridge.adapter.out.anthropic;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.llmbridge.adapter.support.http.RelayedBody;
import io.llmbridge.adapter.support.http.RelayedEvents;
import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.ModelRewrite;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API relayed byte for byte: the client's body with only {@code model}
 * rewritten, its {@code anthropic-version} (this adapter's own when it sent none) and
 * {@code anthropic-beta} headers, and the answer or event stream passed back as it came.
 */
final class MessagesRelay {
    /** The client's headers that are forwarded, as the Messages API names them. */
    static final List<String> FORWARDED = List.of("anthropic-version", "anthropic-beta");

    private final UpstreamExchange upstream;
    private final URI messages;
    private final URI countTokens;
    private final AnthropicFailures failures;

    MessagesRelay(UpstreamExchange upstream, URI messages, AnthropicFailures failures) {
        this.upstream = upstream;
        this.messages = messages;
        this.countTokens = URI.create(messages + "/count_tokens");
        this.failures = failures;
    }

    RelayedAnswer relay(ModelRoute route, RelayedRequest request, Duration timeout) {
        byte[] body = ModelRewrite.of(request.body(), route.upstreamModel());
        List<Header> headers = headers(request);
        if (request.stream()) {
            UpstreamEvents events = upstream.relayStream(messages, route, body, headers);
            return new RelayedEvents(events, new MessagesFields(),
                    events.headers().first(AnthropicChatProvider.REQUEST_ID).orElse(null));
        }
        return upstream.complete(messages, route, body, timeout, headers, (answer, answerHeaders) -> {
            MessagesFields fields = MessagesFields.of(answer);
            return new RelayedBody(answer, fields.usage(), fields.finishReason(),
                    answerHeaders.first(AnthropicChatProvider.REQUEST_ID).orElse(null), fields.responseId());
        });
    }

    long countTokens(ModelRoute route, RelayedRequest request, Duration timeout) {
        byte[] body = ModelRewrite.of(request.body(), route.upstreamModel());
        return upstream.complete(countTokens, route, body, timeout, headers(request), (answer, answerHeaders) -> {
            try {
                if (PlainJson.parseObject(answer).get("input_tokens") instanceof Number count) {
                    return count.longValue();
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw failures.invalidResponse("answered count_tokens without a number of input_tokens");
        });
    }

    private static List<Header> headers(RelayedRequest request) {
        List<Header> headers = new ArrayList<>(FORWARDED.size());
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (FORWARDED.contains(header.getKey())) {
                headers.add(HeaderValues.create(HeaderNames.create(header.getKey()), header.getValue()));
            }
        }
        return headers;
    }
}
