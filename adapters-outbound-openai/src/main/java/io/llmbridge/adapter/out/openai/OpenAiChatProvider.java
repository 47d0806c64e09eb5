package io.llmbridge.adapter.out.openai;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ProviderSettings;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Calls one OpenAI-shaped upstream over pooled keep-alive connections. */
final class OpenAiChatProvider implements ChatProvider {
    private static final io.helidon.http.HeaderName X_REQUEST_ID = HeaderNames.create("x-request-id");
    private static final Header ACCEPT_JSON = HeaderValues.create(HeaderNames.ACCEPT, "application/json");
    private static final Header ACCEPT_SSE = HeaderValues.create(HeaderNames.ACCEPT, "text/event-stream");

    private final Http1Client client;
    private final URI endpoint;
    private final Header authorization;
    private final UpstreamFailures failures;

    OpenAiChatProvider(ProviderSettings settings, URI endpoint) {
        this.endpoint = endpoint;
        this.failures = new UpstreamFailures(settings.name(), settings.apiKeyVariable());
        this.authorization = settings.apiKey() == null ? null
                : HeaderValues.createCached(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey().reveal());
        // HTTP/1.1 directly: it is the only protocol on the class path, and the generic WebClient
        // would look the protocol up and build each request twice.
        this.client = Http1Client.builder()
                .connectTimeout(Duration.ofSeconds(10))
                .keepAlive(true)
                .sendExpectContinue(false)
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .build();
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request) {
        byte[] body = upstreamBody(route, request);
        // The model's timeout bounds the whole exchange, however slowly the upstream drips.
        try {
            return Deadline.call(route.timeout(), () -> exchange(route, body));
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
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
        byte[] body = upstreamBody(route, request);
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
        return new SseChatStream(response, route, failures);
    }

    private HttpClientResponse post(ModelRoute route, byte[] body, Header accept) {
        var post = client.post()
                .uri(endpoint)
                // Per read: a non-streamed answer is also bounded as a whole (see complete);
                // a stream gets this long for its first chunk and for each next one.
                .readTimeout(route.timeout())
                .header(accept)
                .header(HeaderValues.CONTENT_TYPE_JSON);
        if (authorization != null) {
            post.header(authorization);
        }
        return post.submit(body);
    }

    /** The client's body as sent, but for the model id, which becomes the upstream's. */
    static byte[] upstreamBody(ModelRoute route, ChatRequest request) {
        Map<String, Object> body = new LinkedHashMap<>(request.body());
        body.put("model", route.upstreamModel());
        return PlainJson.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private String readText(ModelRoute route, HttpClientResponse response) {
        // Read exactly the declared length when it is the length of what we read (not encoded):
        // readAllBytes() asks for 16 KiB per read and Helidon's entity stream allocates a buffer
        // of the size asked for on each read, three 16 KiB buffers for a 1 KiB answer.
        var length = response.headers().contentLength();
        boolean exact = length.isPresent() && length.getAsLong() < Integer.MAX_VALUE - 8
                && !response.headers().contains(HeaderNames.CONTENT_ENCODING);
        try (InputStream in = response.inputStream()) {
            byte[] bytes = exact ? in.readNBytes((int) length.getAsLong()) : in.readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failures.translate(route, new java.io.UncheckedIOException(e));
        }
    }

    private static String upstreamRequestId(HttpClientResponse response) {
        return response.headers().first(X_REQUEST_ID).orElse(null);
    }
}
