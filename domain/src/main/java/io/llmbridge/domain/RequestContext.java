package io.llmbridge.domain;

import java.time.Instant;

/**
 * Where a request came from, as the transport saw it.
 *
 * @param requestId     the gateway's id for it, returned to the client and written in the audit
 * @param action        what was asked, e.g. {@code chat.completion}, {@code models.list}
 * @param clientIp      the caller's address (after trusted proxies); may be null
 * @param receivedAt    when the transport received it
 * @param receivedNanos {@link System#nanoTime()} at receipt; durations are measured from here
 */
public record RequestContext(String requestId, Transport transport, String action, String clientIp,
                             Instant receivedAt, long receivedNanos) {
    public static final String CHAT_COMPLETION = "chat.completion";
    public static final String EMBEDDINGS = "embeddings";

    public RequestContext {
        java.util.Objects.requireNonNull(requestId, "requestId");
        java.util.Objects.requireNonNull(transport, "transport");
        java.util.Objects.requireNonNull(action, "action");
        java.util.Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A context for a request received now, with a fresh id. */
    public static RequestContext received(Transport transport, String action, String clientIp) {
        return new RequestContext(RequestIds.next(), transport, action, clientIp, Instant.now(), System.nanoTime());
    }

    /** Time since receipt. */
    public java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - receivedNanos);
    }
}
