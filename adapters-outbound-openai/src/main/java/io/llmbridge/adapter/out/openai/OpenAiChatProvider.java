package io.llmbridge.adapter.out.openai;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.application.port.out.provider.ResponsesPassThrough;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls one OpenAI-shaped upstream over pooled keep-alive connections. Streams ask for usage
 * ({@code stream_options.include_usage}) even when the client did not, so that accounting gets
 * the provider's own figures; {@code stream_usage: false} in the provider's configuration turns
 * that off for upstreams that reject {@code stream_options}.
 */
final class OpenAiChatProvider implements ChatProvider, EmbeddingProvider, ResponsesPassThrough {
    static final String STREAM_USAGE_OPTION = "stream_usage";
    static final String RESPONSES_OPTION = "responses";

    static final HeaderName X_REQUEST_ID = HeaderNames.create("x-request-id");

    private final UpstreamExchange upstream;
    private final URI endpoint;
    private final OpenAiFailures failures;
    private final boolean streamUsage;
    private final OpenAiEmbeddings embeddings;
    /** Null unless the upstream speaks the Responses API ({@code responses: native}). */
    private final OpenAiResponses responses;

    OpenAiChatProvider(ProviderSettings settings, URI endpoint) {
        this.endpoint = endpoint;
        this.streamUsage = OpenAiProviderFactory.streamUsage(settings.options());
        this.failures = new OpenAiFailures(settings.name(), settings.apiKeyVariable(), settings.apiKey());
        List<Header> headers = settings.apiKey() == null ? List.of()
                : List.of(HeaderValues.createCached(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey().reveal()));
        this.upstream = new UpstreamExchange(settings, endpoint, failures, headers);
        this.embeddings = new OpenAiEmbeddings(upstream, Endpoint.embeddings(endpoint));
        this.responses = OpenAiProviderFactory.nativeResponses(settings.options())
                ? new OpenAiResponses(upstream, Endpoint.responses(endpoint)) : null;
    }

    @Override
    public boolean speaksResponses() {
        return responses != null;
    }

    @Override
    public RelayedAnswer relayResponses(ModelRoute route, RelayedRequest request, Duration timeout) {
        if (responses == null) {
            throw new IllegalStateException("this provider's upstream is not configured with responses: native");
        }
        return responses.relay(route, request, timeout);
    }

    @Override
    public Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
        return embeddings.embed(route, request, timeout);
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        return upstream.complete(endpoint, route, upstreamBody(route, request, false), timeout,
                (body, headers) -> CompletionReader.read(new String(body, StandardCharsets.UTF_8),
                        headers.first(X_REQUEST_ID).orElse(null)));
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        boolean askForUsage = streamUsage && !clientAskedForUsage(request);
        UpstreamEvents events = upstream.stream(endpoint, route, upstreamBody(route, request, askForUsage));
        return new SseChatStream(events, failures, events.headers().first(X_REQUEST_ID).orElse(null), askForUsage);
    }

    /**
     * The client's body as sent, but for the model id, which becomes the upstream's, and, when
     * {@code askForUsage}, {@code stream_options.include_usage: true} (other stream options kept).
     */
    static byte[] upstreamBody(ModelRoute route, ChatRequest request, boolean askForUsage) {
        Map<String, Object> body = new LinkedHashMap<>(request.body());
        body.put("model", route.upstreamModel());
        if (askForUsage) {
            Map<String, Object> options = new LinkedHashMap<>();
            if (body.get("stream_options") instanceof Map<?, ?> given) {
                given.forEach((key, value) -> options.put(String.valueOf(key), value));
            }
            options.put("include_usage", true);
            body.put("stream_options", options);
        }
        return PlainJson.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean clientAskedForUsage(ChatRequest request) {
        return request.body().get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
    }
}
