package io.llmbridge.adapter.out.audit;

import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Transport;


/**
 * The HTTP status the client received, worked out from the record. The kind-to-status table
 * repeats adapters-inbound-http's ErrorResponses on purpose until that mapping is shared: the
 * two must agree, and AuditEventTest pins the cases.
 */
final class HttpStatus {
    private HttpStatus() {
    }

    /** The status sent, or null when none applies (WebSocket, or a client gone before any answer). */
    static Integer of(ChatRecord record) {
        if (record.context().transport() != Transport.HTTP) {
            return null;
        }
        // A stream's status line goes out with its first chunk; what happens after cannot change it.
        boolean headersSent = record.stream() && record.timeToFirstChunk() != null;
        return switch (record.outcome()) {
            case SUCCESS -> 200;
            case CANCELLED -> headersSent ? 200 : null;
            case FAILURE -> headersSent ? 200 : record.error() == null ? 500 : of(record.error());
        };
    }

    static int of(BridgeException error) {
        return OpenAiErrors.httpStatus(error);
    }
}
