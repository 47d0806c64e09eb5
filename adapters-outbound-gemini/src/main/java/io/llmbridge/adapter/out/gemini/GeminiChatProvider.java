package io.llmbridge.adapter.out.gemini;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.adapter.support.http.UpstreamClient;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** Calls Gemini's native API over pooled keep-alive connections, translating both ways. */
final class GeminiChatProvider implements ChatProvider {
    private static final Header ACCEPT_JSON = HeaderValues.create(HeaderNames.ACCEPT, "application/json");
    private static final Header ACCEPT_SSE = HeaderValues.create(HeaderNames.ACCEPT, "text/event-stream");

    private final UpstreamClient client;
    private final GeminiEndpoints endpoints;
    private final Header apiKey;
    private final GeminiFailures failures;
    private final Clock clock;
    private final long maxResponseSize;

    GeminiChatProvider(ProviderSettings settings, GeminiEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
        this.maxResponseSize = UpstreamBody.maxSize(settings.options());
        this.failures = new GeminiFailures(settings.name(), settings.apiKeyVariable(), settings.apiKey());
        this.apiKey = settings.apiKey() == null ? null
                : HeaderValues.createCached(HeaderNames.create("x-goog-api-key"), settings.apiKey().reveal());
        this.client = UpstreamClients.create(settings.network(), URI.create(endpoints.base()));
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request) {
        byte[] body = geminiBody(request);
        // The model's timeout bounds the whole exchange, however slowly Gemini drips its answer
        // (a retry gets what is left of the budget).
        try {
            return Deadline.call(route.timeout(), () -> exchange(route, body));
        } catch (java.util.concurrent.TimeoutException e) {
            throw failures.timeout(route, e);
        }
    }

    private ChatResponse exchange(ModelRoute route, byte[] body) {
        long created = clock.instant().getEpochSecond();
        try (HttpClientResponse response = post(endpoints.generateContent(route.upstreamModel()), route, body, ACCEPT_JSON)) {
            if (response.status().code() != 200) {
                throw failures.fromResponse(response);
            }
            return ResponseTranslator.translate(read(response), route.upstreamModel(), created, failures);
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        byte[] body = geminiBody(request);
        StreamTranslator translator = new StreamTranslator(route.upstreamModel(), clock.instant().getEpochSecond(),
                includeUsage(request), failures);
        HttpClientResponse response;
        try {
            // The first event may take the model's timeout; GeminiSseStream gives each next one as long.
            response = Deadline.call(route.timeout(), () -> openStream(route, body));
        } catch (java.util.concurrent.TimeoutException e) {
            throw failures.timeout(route, e);
        }
        return new GeminiSseStream(response, translator, route, failures);
    }

    private HttpClientResponse openStream(ModelRoute route, byte[] body) {
        HttpClientResponse response;
        try {
            response = post(endpoints.streamGenerateContent(route.upstreamModel()), route, body, ACCEPT_SSE);
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
        if (response.status().code() != 200) {
            try (response) {
                throw failures.fromResponse(response);
            }
        }
        return response;
    }

    /** The upstream's status and headers; the caller bounds the wait (see {@link UpstreamClient}). */
    private HttpClientResponse post(URI uri, ModelRoute route, byte[] body, Header accept) {
        return client.post(uri, body, route.timeout(), post -> {
            post.header(accept).header(HeaderValues.CONTENT_TYPE_JSON);
            if (apiKey != null) {
                post.header(apiKey);
            }
        });
    }

    /** Translated before any connection is made, so a refused field costs no upstream call. */
    private static byte[] geminiBody(ChatRequest request) {
        return PlainJson.write(RequestTranslator.translate(request)).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean includeUsage(ChatRequest request) {
        return request.body().get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
    }

    private Map<String, Object> read(HttpClientResponse response) {
        byte[] body;
        try {
            body = UpstreamBody.read(response, maxResponseSize);
        } catch (UpstreamBody.TooLarge e) {
            throw failures.invalidResponse(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return PlainJson.parseObject(body);
        } catch (RuntimeException e) {
            throw failures.invalidResponse("answered with a body that is not a JSON object");
        }
    }
}
