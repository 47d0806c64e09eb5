package io.llmbridge.adapter.support.http;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Secret;

/**
 * Turns what went wrong at one provider into the gateway's errors. What every provider shares is
 * here: the provider's name in each message, its key masked in anything the upstream says, the
 * wording of a refused key, timeouts, broken connections and streams. A provider adapter says
 * what its own error answers mean ({@link #fromResponse}).
 */
public abstract class ProviderFailures {
    /** Enough of an upstream's message to act on; a provider that says more is cut. */
    private static final int MAX_MESSAGE = 2000;

    private final String provider;
    private final String keyVariable;
    private final Secret key;

    /** @param key the key the adapter sends, masked in anything the upstream says; may be null */
    protected ProviderFailures(String provider, String keyVariable, Secret key) {
        this.provider = provider;
        this.keyVariable = keyVariable;
        this.key = key;
    }

    /** An answer other than 200. */
    public final BridgeException fromResponse(HttpClientResponse response) {
        return fromAnswer(response.status().code(), redact(ConnectionFailures.errorBody(response)), response.headers());
    }

    /**
     * What the provider's error answer means.
     *
     * @param body the start of its body, the gateway's key masked
     */
    protected abstract BridgeException fromAnswer(int status, String body, ClientResponseHeaders headers);

    /** A failure to get an answer at all: timeouts, refused or broken connections. */
    public final BridgeException translate(ModelRoute route, RuntimeException failure) {
        return ConnectionFailures.translate(provider, route, failure);
    }

    /** No answer within the time the call was given. */
    public final BridgeException timeout(ModelRoute route, Throwable cause) {
        return ConnectionFailures.timeout(provider, route, cause);
    }

    /** An answer that cannot be passed on, {@code what} the upstream did wrong. */
    public final BridgeException invalidResponse(String what) {
        return failure(ErrorKind.UPSTREAM_ERROR, what + ".").code("upstream_invalid_response").build();
    }

    /** A stream that stopped making sense or ended too soon, {@code what} the upstream did. */
    public final BridgeException brokenStream(String what) {
        return failure(ErrorKind.UPSTREAM_ERROR, what + ".").code("upstream_stream_broken").build();
    }

    /** The provider refused the gateway's key, {@code how} it said so (e.g. {@code HTTP 401}). */
    protected final BridgeException.Builder keyRejected(String how) {
        return BridgeException.upstreamKeyRejected(provider, keyVariable, how);
    }

    /** A failure whose message starts with the provider's name, followed by {@code what} it did. */
    protected final BridgeException.Builder failure(ErrorKind kind, String what) {
        return BridgeException.of(kind, "Provider '" + provider + "' " + what);
    }

    /** {@code upstreamText} with the gateway's key masked, should the upstream echo it. */
    protected final String redact(String upstreamText) {
        return key == null || upstreamText == null ? upstreamText : key.redactFrom(upstreamText);
    }

    /** An upstream's message as the client is shown it: masked, cut to a sane length, never empty. */
    protected final String said(String message, int httpStatus) {
        if (message == null || message.isBlank()) {
            return "HTTP " + httpStatus + " with no message";
        }
        String masked = redact(message);
        return masked.length() > MAX_MESSAGE ? masked.substring(0, MAX_MESSAGE) + "…" : masked;
    }
}
