package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.UpstreamExchange;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ModelRoute;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /embeddings} on an OpenAI-shaped upstream: the client's body with only {@code model}
 * rewritten, the answer passed on as it came, read for its usage alone.
 */
final class OpenAiEmbeddings {
    /** OpenAI's documented maximum of inputs in one request; more is refused before any call. */
    static final int MAX_INPUTS = 2048;

    private final UpstreamExchange upstream;
    private final URI endpoint;

    OpenAiEmbeddings(UpstreamExchange upstream, URI endpoint) {
        this.upstream = upstream;
        this.endpoint = endpoint;
    }

    Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
        if (request.inputs().size() > MAX_INPUTS) {
            throw BridgeException.invalidRequest("input", "'input' has " + request.inputs().size()
                    + " items; this provider embeds at most " + MAX_INPUTS + " in one request. Split the batch.");
        }
        byte[] body = PlainJson.write(request.bodyFor(route.upstreamModel())).getBytes(StandardCharsets.UTF_8);
        return upstream.complete(endpoint, route, body, timeout, (answer, headers) -> {
            String json = new String(answer, StandardCharsets.UTF_8);
            return Embeddings.passedOn(json, route.upstreamModel(), CompletionReader.fields(json).usage(),
                    headers.first(OpenAiChatProvider.X_REQUEST_ID).orElse(null));
        });
    }
}
