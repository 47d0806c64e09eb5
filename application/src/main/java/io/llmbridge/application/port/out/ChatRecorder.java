package io.llmbridge.application.port.out;

import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;

/**
 * Is told of every finished request, once (audit, accounting, metrics). Called on the request's
 * thread: implementations hand slow work (disk, network) to a background writer.
 */
public interface ChatRecorder {
    void record(ChatRecord record);

    /**
     * A stream has started: its provider answered. {@link #record} follows once for the same
     * request id, when the stream ends; between the two it is in flight (for gauges).
     */
    default void streamOpened(RequestContext context, ModelRoute route) {
    }
}
