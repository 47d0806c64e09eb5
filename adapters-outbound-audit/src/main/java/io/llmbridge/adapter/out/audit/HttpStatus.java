package io.llmbridge.adapter.out.audit;

import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Transport;

/**
 * The HTTP status the client received, worked out from the record: a stream's status went out
 * with its first chunk, whatever happened after; a failure before that was answered with the
 * status the HTTP API gives its error ({@link OpenAiErrors#httpStatus}, shared with that API).
 */
final class HttpStatus {
    private HttpStatus() {
    }

    /** The status sent, or null when none applies (WebSocket, or a client gone before any answer). */
    static Integer of(ChatRecord record) {
        if (record.request().context().transport() != Transport.HTTP) {
            return null;
        }
        ChatRecord.Ending ending = record.ending();
        boolean headersSent = record.request().stream() && ending.timeToFirstChunk() != null;
        return switch (ending.outcome()) {
            case SUCCESS -> 200;
            case CANCELLED -> headersSent ? 200 : null;
            case FAILURE -> headersSent ? 200 : ending.error() == null ? 500 : OpenAiErrors.httpStatus(ending.error());
        };
    }
}
