package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Transport;

import java.util.Set;

/**
 * The HTTP status the client received, worked out from the record. The kind-to-status table
 * repeats adapters-inbound-http's ErrorResponses on purpose until that mapping is shared: the
 * two must agree, and AuditEventTest pins the cases.
 */
final class HttpStatus {
    /** Upstream statuses that describe the client's request and so are passed on as they are. */
    private static final Set<Integer> REQUEST_STATUSES = Set.of(400, 404, 409, 413, 422);

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
        return switch (error.kind()) {
            case INVALID_REQUEST -> error.upstreamStatus() != null && REQUEST_STATUSES.contains(error.upstreamStatus())
                    ? error.upstreamStatus() : 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case MODEL_NOT_FOUND -> 404;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UPSTREAM_ERROR -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }
}
