package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ModelRoute;

import java.time.Duration;

/**
 * A provider that also makes embeddings. The {@link ChatProvider} a factory creates implements it
 * when its upstream serves embeddings, so an embedding call gets the same instance per API key
 * (and the same key rotation) as a chat. Failures are reported as {@link ChatProvider} describes.
 */
public interface EmbeddingProvider {
    /**
     * Embeds every input of {@code request}, in order, asking the upstream for {@code route.upstreamModel()}.
     *
     * @param timeout how long the whole exchange may take
     * @throws io.llmbridge.domain.BridgeException 400 for a request this provider cannot serve
     *         (too many inputs, token ids where it takes text), before any call upstream
     */
    Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout);
}
