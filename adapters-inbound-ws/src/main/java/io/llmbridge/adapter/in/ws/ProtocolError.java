package io.llmbridge.adapter.in.ws;

/**
 * A client message the socket cannot act on (not JSON, unknown type, missing field…). It is
 * answered with one error frame and the connection stays open; its message is shown to the client.
 */
final class ProtocolError extends RuntimeException {
    ProtocolError(String message) {
        super(message, null, false, false);
    }
}
