package io.llmbridge.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway knows about one finished chat request: what accounting, audit and
 * metrics are made of. Written once per request, when it ends (for streams: at the end, on
 * error, on cancel or disconnect). Its parts are filled by whoever knows them: the request by
 * the command that carried it, the routing by the attempt trail, the answer by the provider's
 * response or stream, the ending when the request ends.
 *
 * @param content prompt and completion text; null unless the operator asked the audit to include
 *                content, so nothing is retained otherwise
 */
public record ChatRecord(Request request, Routing routing, Answer answer, Ending ending, ChatContent content) {
    public ChatRecord {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(ending, "ending");
    }

    /** A request refused before it could be read as a chat: nothing routed, nothing answered. */
    public static ChatRecord refused(RequestContext context, Caller caller, BridgeException error) {
        return refused(context, caller, null, error);
    }

    /** A request that failed without reaching a provider, about the model the client named (may be null). */
    public static ChatRecord refused(RequestContext context, Caller caller, String requestedModel, BridgeException error) {
        return new ChatRecord(new Request(context, caller, requestedModel, false), Routing.NONE, Answer.NONE,
                Ending.failure(error, null, context.elapsed()), null);
    }

    /**
     * A request the gateway answered itself, without a provider (a model listing, a usage report):
     * audited like every request, and recognisable to accounting and metrics by its action.
     */
    public static ChatRecord answered(RequestContext context, Caller caller, String requestedModel) {
        return new ChatRecord(new Request(context, caller, requestedModel, false), Routing.NONE, Answer.NONE,
                Ending.success(null, context.elapsed()), null);
    }

    /**
     * An admin's request about one managed key (issue, change, revoke): audited with the key's
     * public id, never the key.
     */
    public static ChatRecord administered(RequestContext context, Caller caller, String keyId, BridgeException error) {
        Request request = new Request(context, caller, null, false, keyId);
        return new ChatRecord(request, Routing.NONE, Answer.NONE, error == null ? Ending.success(null, context.elapsed())
                : Ending.failure(error, null, context.elapsed()), null);
    }

    /**
     * The request as received.
     *
     * @param caller         who called; null when authentication failed
     * @param requestedModel the model the client named; null when the request could not be read
     * @param stream         whether the client asked for a stream
     * @param keyId          the managed key an admin request is about; null for every other request
     */
    public record Request(RequestContext context, Caller caller, String requestedModel, boolean stream, String keyId) {
        public Request {
            Objects.requireNonNull(context, "context");
        }

        /** A request about no managed key: every request but an admin's. */
        public Request(RequestContext context, Caller caller, String requestedModel, boolean stream) {
            this(context, caller, requestedModel, stream, null);
        }
    }

    /**
     * Where the request went upstream.
     *
     * @param route          the route it took; null when it never got one
     * @param answeringRoute the route that answered: {@code route} itself, a fallback, or a deployment
     *                       (named {@code provider/upstream-model}); null when none did
     * @param attempts       every upstream call made for the request, in order; empty when none was
     * @param upstreamTime   how long the gateway waited on the provider (the calls; for streams, opening
     *                       it and every read); null when no provider was called. The rest of the
     *                       duration is the gateway's own overhead (for streams, including writing to
     *                       the client)
     */
    public record Routing(ModelRoute route, ModelRoute answeringRoute, List<UpstreamAttempt> attempts,
                          Duration upstreamTime) {
        /** A request that never got a route. */
        public static final Routing NONE = new Routing(null, null, List.of(), null);

        public Routing {
            attempts = List.copyOf(attempts);
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
    }

    /**
     * What the provider's answer said about itself.
     *
     * @param finishReason      the first choice's finish reason; may be null
     * @param upstreamRequestId the provider's id for the call, from its response headers; may be null
     * @param responseId        the id the provider gave its answer in the body ({@code chatcmpl-…},
     *                          {@code msg_…}, {@code resp_…}, Gemini's {@code responseId}); for a
     *                          translated answer without one, the id the client got; null when none
     */
    public record Answer(String finishReason, String upstreamRequestId, String responseId) {
        /** No answer, or none that said anything. */
        public static final Answer NONE = new Answer(null, null, null);
    }

    /**
     * How the request ended, what it used and how long it took.
     *
     * @param error            what failed; null on success; on cancel, why the gateway cancelled it
     *                         ({@link BridgeException#gatewayShutdown()}), null when the client did
     * @param usage            tokens, as reported or estimated; null when no upstream was called
     * @param timeToFirstChunk for streams, from receipt to the first chunk; otherwise null
     * @param duration         from receipt to the end
     */
    public record Ending(Outcome outcome, BridgeException error, Usage usage, Duration timeToFirstChunk,
                         Duration duration) {
        public Ending {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(duration, "duration");
        }

        /** Why a cancelled request was cancelled: {@code shutdown} or {@code client}; null for one that was not. */
        public String cancelReason() {
            if (outcome != Outcome.CANCELLED) {
                return null;
            }
            return error != null && BridgeException.GATEWAY_SHUTDOWN.equals(error.code()) ? "shutdown" : "client";
        }

        /** A request that failed before any chunk reached the client. */
        public static Ending failure(BridgeException error, Usage usage, Duration duration) {
            return new Ending(Outcome.FAILURE, error, usage, null, duration);
        }

        /** A whole answer, handed over at once. */
        public static Ending success(Usage usage, Duration duration) {
            return new Ending(Outcome.SUCCESS, null, usage, null, duration);
        }
    }
}
