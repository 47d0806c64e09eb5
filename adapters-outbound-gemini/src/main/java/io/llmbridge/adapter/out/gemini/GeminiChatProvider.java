package io.llmbridge.adapter.out.gemini;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.llmbridge.adapter.support.http.TranslatedStream;
import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ModelRoute;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Calls Gemini's native API over pooled keep-alive connections, translating both ways. */
final class GeminiChatProvider implements ChatProvider, EmbeddingProvider {
    private final UpstreamExchange upstream;
    private final GeminiEndpoints endpoints;
    private final GeminiFailures failures;
    private final Clock clock;

    GeminiChatProvider(ProviderSettings settings, GeminiEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
        this.failures = new GeminiFailures(settings.name(), settings.apiKeyVariable(), settings.apiKey());
        this.upstream = new UpstreamExchange(settings, URI.create(endpoints.base()), failures, settings.apiKey() == null
                ? List.of()
                : List.of(HeaderValues.createCached(HeaderNames.create("x-goog-api-key"), settings.apiKey().reveal())));
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        byte[] body = geminiBody(request);
        long created = clock.instant().getEpochSecond();
        return upstream.complete(endpoints.generateContent(route.upstreamModel()), route, body, timeout,
                (answer, headers) -> ResponseTranslator.translate(parse(answer), route.upstreamModel(), created, failures));
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        byte[] body = geminiBody(request);
        StreamTranslator translator = new StreamTranslator(route.upstreamModel(), clock.instant().getEpochSecond(),
                includeUsage(request), failures);
        return new TranslatedStream(upstream.stream(endpoints.streamGenerateContent(route.upstreamModel()), route, body),
                translator);
    }

    /** Gemini reports no usage for embeddings: the gateway estimates it. */
    @Override
    public Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
        byte[] body = PlainJson.write(EmbeddingTranslator.request(route, request)).getBytes(StandardCharsets.UTF_8);
        return upstream.complete(endpoints.batchEmbedContents(route.upstreamModel()), route, body, timeout,
                (answer, headers) -> Embeddings.vectors(EmbeddingTranslator.vectors(parse(answer), request.inputs().size(),
                        failures), route.upstreamModel(), null, null));
    }

    /** Translated before any connection is made, so a refused field costs no upstream call. */
    private static byte[] geminiBody(ChatRequest request) {
        return PlainJson.write(RequestTranslator.translate(request)).getBytes(StandardCharsets.UTF_8);
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
