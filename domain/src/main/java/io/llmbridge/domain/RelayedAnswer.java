package io.llmbridge.domain;

import java.util.Optional;

/**
 * A provider's answer to a {@link RelayedRequest} as it arrives: a whole JSON body, or its event
 * stream in pieces as they were read, never changed. What the gateway needs (usage, finish
 * reason, the answer's id) is read from the bytes as they pass. The consumer calls
 * {@link #next()} until it is empty and always calls {@link #close()}, which releases the
 * upstream connection.
 */
public interface RelayedAnswer extends AutoCloseable {
    /** {@code application/json} or {@code text/event-stream}. */
    String contentType();

    /**
     * Blocks until the next bytes arrive.
     *
     * @return the bytes as received, or empty at the end
     * @throws BridgeException when the upstream fails or times out
     */
    Optional<byte[]> next();

    /** The usage read so far, in the gateway's terms (cached tokens inside prompt tokens); null when none was seen. */
    Usage usage();

    /** The answer's finish reason, in chat completion terms; null until seen. */
    String finishReason();

    /**
     * A failure the provider reported inside its answer (an {@code error} event, a failed
     * Response), passed on to the client as it came and recorded as the call's failure; null when
     * none was seen.
     */
    default BridgeException failure() {
        return null;
    }

    /** The provider's id for this call; null when it gave none. */
    String upstreamRequestId();

    /**
     * The id the provider gave its answer in the bytes ({@code msg_…}, {@code resp_…}); null until
     * seen, or when the answer has none.
     */
    default String responseId() {
        return null;
    }

    /** The public id of the model that answered ({@code provider/model}); null where it is not known. */
    default String answeredBy() {
        return null;
    }

    /**
     * Ends the answer early for a reason of the gateway's own (it shuts down), from any thread, as
     * {@link ChatStream#stop} does.
     */
    default void stop(BridgeException reason) {
        close();
    }

    @Override
    void close();
}
