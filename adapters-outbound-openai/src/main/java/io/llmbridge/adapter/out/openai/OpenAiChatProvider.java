package io.llmbridge.adapter.out.openai;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.adapter.support.http.UpstreamClient;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Calls one OpenAI-shaped upstream over pooled keep-alive connections. Streams ask for usage
 * ({@code stream_options.include_usage}) even when the client did not, so that accounting gets
 * the provider's own figures; {@code stream_usage: false} in the provider's configuration turns
 * that off for upstreams that reject {@code stream_options}.
 */
final class OpenAiChatProvider implements ChatProvider {
    static final String STREAM_USAGE_OPTION = "stream_usage";

    private static final io.helidon.http.HeaderName X_REQUEST_ID = HeaderNames.create("x-request-id");
    private static final Header ACCEPT_JSON = HeaderValues.create(HeaderNames.ACCEPT, "application/json");
    private static final Header ACCEPT_SSE = HeaderValues.create(HeaderNames.ACCEPT, "text/event-stream");

    private final UpstreamClient client;
    private final URI endpoint;
    private final Header authorization;
    private final OpenAiFailures failures;
    private final boolean streamUsage;
    private final long maxResponseSize;

    OpenAiChatProvider(ProviderSettings settings, URI endpoint) {
        this.endpoint = endpoint;
        this.streamUsage = OpenAiProviderFactory.streamUsage(settings.options());
        this.maxResponseSize = UpstreamBody.maxSize(settings.options());
        this.failures = new OpenAiFailures(settings.name(), settings.apiKeyVariable(), settings.apiKey());
        this.authorization = settings.apiKey() == null ? null
                : HeaderValues.createCached(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey().reveal());
        this.client = UpstreamClients.create(settings.network(), endpoint);
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request) {
        byte[] body = upstreamBody(route, request, false);
        // The model's timeout bounds the whole exchange, however slowly the upstream drips; one
        // shared timer interrupts the call (a retry gets what is left of the budget).
        long start = System.nanoTime();
        try {
            return Deadline.call(route.timeout(), () -> exchange(route, body));
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        } catch (BridgeException e) {
            // The deadline interrupts the read, which may surface as a broken connection first.
            boolean interrupted = Thread.interrupted();
            if (e.upstreamStatus() == null && (interrupted || System.nanoTime() - start >= route.timeout().toNanos())) {
                throw failures.timeout(route, e);
            }
            throw e;
        }
    }

    private ChatResponse exchange(ModelRoute route, byte[] body) {
        try (HttpClientResponse response = post(route, body, ACCEPT_JSON)) {
            if (response.status().code() != 200) {
                throw failures.fromResponse(response);
            }
            String json = readText(route, response);
            return CompletionReader.read(json, upstreamRequestId(response));
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        boolean askForUsage = streamUsage && !clientAskedForUsage(request);
        byte[] body = upstreamBody(route, request, askForUsage);
        HttpClientResponse response;
        try {
            // The first chunk may take the model's timeout; SseChatStream gives each next one as long.
            response = Deadline.call(route.timeout(), () -> openStream(route, body));
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        }
        return new SseChatStream(response, route, failures, upstreamRequestId(response), askForUsage);
    }

    private HttpClientResponse openStream(ModelRoute route, byte[] body) {
        HttpClientResponse response;
        try {
            response = post(route, body, ACCEPT_SSE);
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
    private HttpClientResponse post(ModelRoute route, byte[] body, Header accept) {
        return client.post(endpoint, body, route.timeout(), post -> {
            post.header(accept).header(HeaderValues.CONTENT_TYPE_JSON);
            if (authorization != null) {
                post.header(authorization);
            }
        });
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

    private String readText(ModelRoute route, HttpClientResponse response) {
        try {
            return new String(UpstreamBody.read(response, maxResponseSize), StandardCharsets.UTF_8);
        } catch (UpstreamBody.TooLarge e) {
            throw failures.invalidResponse(e.getMessage());
        } catch (IOException e) {
            throw failures.translate(route, new java.io.UncheckedIOException(e));
        }
    }

    private static String upstreamRequestId(HttpClientResponse response) {
        return response.headers().first(X_REQUEST_ID).orElse(null);
    }
}
