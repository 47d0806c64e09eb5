package io.llmbridge.domain;

import java.util.Optional;

/**
 * A pull-based stream of chunks from a provider. The consumer calls {@link #next()} until it is
 * empty and always calls {@link #close()}, which releases the upstream connection at once.
 */
public interface ChatStream extends AutoCloseable {
    /**
     * Blocks until the next chunk arrives.
     *
     * @return the chunk, or empty when the stream has ended normally
     * @throws BridgeException when the upstream fails or times out
     */
    Optional<ChatChunk> next();

    /** The provider's id for this call, from its response headers; null when it gave none. */
    default String upstreamRequestId() {
        return null;
    }

    /**
     * The public id of the model that answers ({@code provider/model}); a fallback or deployment
     * makes it differ from the one asked for. Null where it is not known (adapters' own streams).
     */
    default String answeredBy() {
        return null;
    }

    @Override
    void close();
}
