package io.llmbridge.domain;

import java.time.Duration;
import java.util.List;

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
 * @param answeringRoute  the route that answered: {@code route} itself, a fallback, or a deployment
 *                        (named {@code provider/upstream-model}); null when none did
 * @param attempts        every upstream call made for the request, in order; empty when none was
 */
public record ChatRecord(RequestContext context, Caller caller, String requestedModel, ModelRoute route,
                         boolean stream, Outcome outcome, BridgeException error, Usage usage,
                         Duration timeToFirstChunk, Duration duration, String finishReason, String upstreamRequestId,
                         Duration upstreamTime, ChatContent content, ModelRoute answeringRoute,
                         List<UpstreamAttempt> attempts) {
    public ChatRecord {
        java.util.Objects.requireNonNull(context, "context");
        java.util.Objects.requireNonNull(outcome, "outcome");
        java.util.Objects.requireNonNull(duration, "duration");
        attempts = List.copyOf(attempts);
    }

    /**
     * A record of how a request ended, with nothing else known yet: the other components are
     * set by name on the builder, and left null (or empty) when they do not apply.
     */
    public static Builder of(RequestContext context, Outcome outcome, Duration duration) {
        return new Builder(context, outcome, duration);
    }

    /** Upstream calls after the first one: retries, key rotations, failovers and fallbacks alike. */
    public int retries() {
        return Math.max(0, attempts.size() - 1);
    }

    /** Whether a fallback answered: neither the route asked for nor one of its deployments. */
    public boolean fellBack() {
        if (answeringRoute == null || route == null) {
            return false;
        }
        ModelRef answered = answeringRoute.ref();
        return !answered.equals(route.ref()) && route.deployments().stream().noneMatch(d -> d.target().equals(answered));
    }

    /** Sets a record's optional components by name; see the record's components for each. */
    public static final class Builder {
        private final RequestContext context;
        private final Outcome outcome;
        private final Duration duration;
        private Caller caller;
        private String requestedModel;
        private ModelRoute route;
        private boolean stream;
        private BridgeException error;
        private Usage usage;
        private Duration timeToFirstChunk;
        private String finishReason;
        private String upstreamRequestId;
        private Duration upstreamTime;
        private ChatContent content;
        private ModelRoute answeringRoute;
        private List<UpstreamAttempt> attempts = List.of();

        private Builder(RequestContext context, Outcome outcome, Duration duration) {
            this.context = context;
            this.outcome = outcome;
            this.duration = duration;
        }

        public Builder caller(Caller caller) {
            this.caller = caller;
            return this;
        }

        public Builder requestedModel(String requestedModel) {
            this.requestedModel = requestedModel;
            return this;
        }

        public Builder route(ModelRoute route) {
            this.route = route;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder error(BridgeException error) {
            this.error = error;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder timeToFirstChunk(Duration timeToFirstChunk) {
            this.timeToFirstChunk = timeToFirstChunk;
            return this;
        }

        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        public Builder upstreamRequestId(String upstreamRequestId) {
            this.upstreamRequestId = upstreamRequestId;
            return this;
        }

        public Builder upstreamTime(Duration upstreamTime) {
            this.upstreamTime = upstreamTime;
            return this;
        }

        public Builder content(ChatContent content) {
            this.content = content;
            return this;
        }

        public Builder answeringRoute(ModelRoute answeringRoute) {
            this.answeringRoute = answeringRoute;
            return this;
        }

        public Builder attempts(List<UpstreamAttempt> attempts) {
            this.attempts = attempts;
            return this;
        }

        public ChatRecord build() {
            return new ChatRecord(context, caller, requestedModel, route, stream, outcome, error, usage, timeToFirstChunk,
                    duration, finishReason, upstreamRequestId, upstreamTime, content, answeringRoute, attempts);
        }
    }
}
