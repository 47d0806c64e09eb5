package io.llmbridge.domain;

/**
 * The one failure type the gateway reasons about. Messages are shown to clients, so they must
 * never contain a secret; inbound adapters turn the kind into a status code and error JSON.
 */
public final class BridgeException extends RuntimeException {
    /** The code of {@link #gatewayShutdown()}. */
    public static final String GATEWAY_SHUTDOWN = "gateway_shutdown";

    private final ErrorKind kind;
    private final String code;
    private final String param;
    private final Integer upstreamStatus;
    private final String retryAfter;
    private final UpstreamFailure upstreamFailure;

    private BridgeException(Builder builder) {
        super(builder.message, builder.cause);
        this.kind = builder.kind;
        this.code = builder.code;
        this.param = builder.param;
        this.upstreamStatus = builder.upstreamStatus;
        this.retryAfter = builder.retryAfter;
        this.upstreamFailure = builder.upstreamFailure;
    }

    public static Builder of(ErrorKind kind, String message) {
        return new Builder(kind, message);
    }

    public static BridgeException invalidRequest(String param, String message) {
        return of(ErrorKind.INVALID_REQUEST, message).param(param).build();
    }

    public static BridgeException modelNotFound(String model) {
        return of(ErrorKind.MODEL_NOT_FOUND, "The model `" + ClientText.name(model)
                + "` does not exist or you do not have access to it. Models are named provider/model; GET /v1/models lists them.")
                .code("model_not_found").param("model").build();
    }

    /** A configured model the caller's key may not use. */
    public static BridgeException modelNotAllowed(String model) {
        return of(ErrorKind.PERMISSION_DENIED, "Your access key may not use the model `" + ClientText.name(model)
                + "`. GET /v1/models lists the models it may use.")
                .code("model_not_allowed").param("model").build();
    }

    /** No answer from {@code provider} within the timeout of {@code route}, for one call. */
    public static Builder upstreamTimeout(String provider, ModelRoute route) {
        return upstreamTimeout(provider, route, "");
    }

    /**
     * No answer from {@code provider} once retries had spent the timeout of {@code route}: the
     * message names the timeout the operator configured, not the little a last retry was given.
     */
    public static Builder upstreamTimeoutWithRetries(String provider, ModelRoute route) {
        return upstreamTimeout(provider, route, ", retries included");
    }

    private static Builder upstreamTimeout(String provider, ModelRoute route, String scope) {
        return of(ErrorKind.UPSTREAM_TIMEOUT, "Provider '" + provider + "' did not answer within "
                + route.timeout().toMillis() + " ms (the timeout of " + route.ref().id() + scope + ").")
                .code("upstream_timeout");
    }

    /**
     * {@code provider} refused the gateway's API key. Its own words are not passed on: the client
     * cannot act on them, the operator can, on the variable the key came from.
     *
     * @param how what the provider answered, e.g. {@code HTTP 401}
     */
    public static Builder upstreamKeyRejected(String provider, String keyVariable, String how) {
        return of(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' rejected the gateway's API key (" + how
                + "); the operator should check " + keyVariable + ".")
                .code("upstream_authentication_failed").upstreamFailure(UpstreamFailure.KEY_REJECTED);
    }

    /**
     * A failure the gateway did not foresee (a bug): the client learns only that, and the operator
     * finds the cause in the log, where whoever caught it wrote it.
     */
    public static BridgeException unexpected() {
        return of(ErrorKind.INTERNAL, "The gateway failed unexpectedly; the operator can find this in its log.")
                .code("internal_error").build();
    }

    /** A new chat refused because the gateway is draining: the client retries elsewhere (or here, after the restart). */
    public static BridgeException gatewayDraining() {
        return of(ErrorKind.UNAVAILABLE, "The gateway is shutting down and takes no new chats; retry, another replica will answer.")
                .code("gateway_draining").retryAfter("1").build();
    }

    /** A chat the gateway ended itself because it shut down before the chat did: a cancel, not a failure. */
    public static BridgeException gatewayShutdown() {
        return of(ErrorKind.UNAVAILABLE, "The gateway shut down before this answer was complete; retry the request.")
                .code(GATEWAY_SHUTDOWN).build();
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Machine-readable code for clients, e.g. {@code model_not_found}; may be null. */
    public String code() {
        return code;
    }

    /** The request field at fault; may be null. */
    public String param() {
        return param;
    }

    /** HTTP status the upstream answered with, when the failure came from one; may be null. */
    public Integer upstreamStatus() {
        return upstreamStatus;
    }

    /** The upstream's Retry-After value, passed on for rate limits; may be null. */
    public String retryAfter() {
        return retryAfter;
    }

    /** What the adapter that reported it knew of an upstream failure; null when it said nothing more. */
    public UpstreamFailure upstreamFailure() {
        return upstreamFailure;
    }

    public static final class Builder {
        private final ErrorKind kind;
        private final String message;
        private String code;
        private String param;
        private Integer upstreamStatus;
        private String retryAfter;
        private Throwable cause;
        private UpstreamFailure upstreamFailure;

        private Builder(ErrorKind kind, String message) {
            this.kind = java.util.Objects.requireNonNull(kind, "kind");
            this.message = java.util.Objects.requireNonNull(message, "message");
        }

        public Builder code(String code) {
            this.code = code;
            return this;
        }

        public Builder param(String param) {
            this.param = param;
            return this;
        }

        public Builder upstreamStatus(Integer status) {
            this.upstreamStatus = status;
            return this;
        }

        public Builder retryAfter(String retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder upstreamFailure(UpstreamFailure failure) {
            this.upstreamFailure = failure;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public BridgeException build() {
            return new BridgeException(this);
        }
    }
}
