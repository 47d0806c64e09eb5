package io.llmbridge.domain;

import java.time.Duration;

/**
 * Everything the gateway knows about one finished chat request: what accounting, audit and
 * metrics are made of. Written once per request, when it ends (for streams: at the end, on
 * error, on cancel or disconnect).
 *
 * @param caller          who called; null when authentication failed
 * @param requestedModel  the model the client named; null when the request could not be read
 * @param route           the route it took; null when it never got one
 * @param error           what failed; null on success and on cancel
 * @param usage           tokens, as reported or estimated; null when no upstream was called
 * @param timeToFirstChunk for streams, from receipt to the first chunk; otherwise null
 * @param duration        from receipt to the end
 * @param finishReason    the first choice's finish reason; may be null
 * @param upstreamRequestId the provider's id for the call, from its response headers; may be null
 * @param upstreamTime    how long the gateway waited on the provider (the call; for streams, opening
 *                        it and every read); null when no provider was called. The rest of
 *                        {@code duration} is the gateway's own overhead (for streams, including
 *                        writing to the client)
 * @param content         prompt and completion text; null unless the operator asked the audit to
 *                        include content, so nothing is retained otherwise
 */
public record ChatRecord(RequestContext context, Caller caller, String requestedModel, ModelRoute route,
                         boolean stream, Outcome outcome, BridgeException error, Usage usage,
                         Duration timeToFirstChunk, Duration duration, String finishReason, String upstreamRequestId,
                         Duration upstreamTime, ChatContent content) {
    public ChatRecord {
        java.util.Objects.requireNonNull(context, "context");
        java.util.Objects.requireNonNull(outcome, "outcome");
        java.util.Objects.requireNonNull(duration, "duration");
    }

    /** A record of a request that called no provider. */
    public ChatRecord(RequestContext context, Caller caller, String requestedModel, ModelRoute route,
                      boolean stream, Outcome outcome, BridgeException error, Usage usage,
                      Duration timeToFirstChunk, Duration duration, String finishReason, String upstreamRequestId) {
        this(context, caller, requestedModel, route, stream, outcome, error, usage, timeToFirstChunk, duration,
                finishReason, upstreamRequestId, null, null);
    }
}
