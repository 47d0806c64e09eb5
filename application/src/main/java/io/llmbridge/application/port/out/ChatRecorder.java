package io.llmbridge.application.port.out;

import io.llmbridge.domain.ChatRecord;

/**
 * Is told of every finished request, once (audit, accounting, metrics). Called on the request's
 * thread: implementations hand slow work (disk, network) to a background writer.
 */
public interface ChatRecorder {
    void record(ChatRecord record);
}
