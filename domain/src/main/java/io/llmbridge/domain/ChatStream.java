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
     * The id the provider gave its answer in the stream itself (the chunks' {@code id}, Anthropic's
     * message id, Gemini's {@code responseId}; for a translated stream without one, the id the
     * client's chunks carry); null until the stream has said it, or when it says none.
     */
    default String responseId() {
        return null;
    }

    /**
     * The public id of the model that answers ({@code provider/model}); a fallback or deployment
     * makes it differ from the one asked for. Null where it is not known (adapters' own streams).
     */
    default String answeredBy() {
        return null;
    }

    /**
     * Whether {@link #next()} would answer at once, from what has already arrived, rather than
     * wait for the provider. A writer may then hold back its flush and send the ready chunks
     * together: nothing waits longer, and a burst costs one write instead of one per chunk.
     * A stream that cannot tell says false, so every chunk is flushed as it comes; a stream that
     * wraps another should ask the one it wraps.
     */
    default boolean nextIsReady() {
        return false;
    }

    /**
     * Ends the stream before its end for a reason of the gateway's own (it shuts down), from any
     * thread: a {@link #next()} blocked on the provider, or called later, throws {@code reason},
     * and the request counts as cancelled for it, not as failed. A stream that cannot tell a
     * reason just closes.
     */
    default void stop(BridgeException reason) {
        close();
    }

    @Override
    void close();
}
