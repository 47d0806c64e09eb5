package io.llmbridge.adapter.out.anthropic;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.llmbridge.adapter.support.http.TranslatedStream;
import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.MessagesPassThrough;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls Anthropic's Messages API over pooled keep-alive connections: chat requests translated both
 * ways, Messages requests relayed byte for byte ({@link MessagesRelay}).
 */
final class AnthropicChatProvider implements ChatProvider, MessagesPassThrough {
    static final String API_VERSION = "2023-06-01";
    static final HeaderName REQUEST_ID = HeaderNames.create("request-id");

    private final UpstreamExchange upstream;
    private final URI endpoint;
    private final AnthropicFailures failures;
    private final Clock clock;
    private final long defaultMaxTokens;
    private final MessagesRelay relay;

    AnthropicChatProvider(ProviderSettings settings, URI endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.defaultMaxTokens = AnthropicProviderFactory.defaultMaxTokens(settings.options());
        this.failures = new AnthropicFailures(settings.name(), settings.apiKeyVariable(), settings.apiKey());
        List<Header> headers = new ArrayList<>();
        headers.add(HeaderValues.createCached(HeaderNames.create("anthropic-version"), API_VERSION));
        if (settings.apiKey() != null) {
            headers.add(HeaderValues.createCached(HeaderNames.create("x-api-key"), settings.apiKey().reveal()));
        }
        this.upstream = new UpstreamExchange(settings, endpoint, failures, headers);
        this.relay = new MessagesRelay(upstream, endpoint, failures);
    }

    @Override
    public RelayedAnswer relayMessages(ModelRoute route, RelayedRequest request, Duration timeout) {
        return relay.relay(route, request, timeout);
    }

    @Override
    public long countTokens(ModelRoute route, RelayedRequest request, Duration timeout) {
        return relay.countTokens(route, request, timeout);
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        byte[] body = anthropicBody(route, request, false);
        long created = clock.instant().getEpochSecond();
        return upstream.complete(endpoint, route, body, timeout, (answer, headers) -> ResponseTranslator.translate(
                parse(answer), created, headers.first(REQUEST_ID).orElse(null), failures));
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        byte[] body = anthropicBody(route, request, true);
        UpstreamEvents events = upstream.stream(endpoint, route, body);
        return new TranslatedStream(events, new StreamTranslator(clock.instant().getEpochSecond(), includeUsage(request),
                events.headers().first(REQUEST_ID).orElse(null), failures));
    }

    /** Translated before any connection is made, so a refused field costs no upstream call. */
    private byte[] anthropicBody(ModelRoute route, ChatRequest request, boolean stream) {
        Map<String, Object> body = RequestTranslator.translate(request.body(), route, defaultMaxTokens);
        if (stream) {
            body.put("stream", true);
        }
        return PlainJson.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean includeUsage(ChatRequest request) {
        return request.body().get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
    }

    private Map<String, Object> parse(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (RuntimeException e) {
            throw failures.invalidResponse("answered with a body that is not a JSON object");
        }
    }
}
