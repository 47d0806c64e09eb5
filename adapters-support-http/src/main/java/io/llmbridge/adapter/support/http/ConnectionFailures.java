package io.llmbridge.adapter.support.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The failures every provider adapter meets before any answer: timeouts, refused or broken
 * connections. They mean the same whatever the provider speaks, so they read the same too.
 */
public final class ConnectionFailures {
    /** Enough of an error body to quote; a provider that sends more is cut. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private ConnectionFailures() {
    }

    /** A failure to get an answer at all, as the gateway's error; a BridgeException stays as it is. */
    public static BridgeException translate(String provider, ModelRoute route, RuntimeException failure) {
        if (failure instanceof BridgeException known) {
            return known;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return timeout(provider, route, failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Could not connect to provider '" + provider
                        + "': " + cause.getClass().getSimpleName() + ".").code("upstream_unreachable").cause(failure).build();
            }
        }
        return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "The connection to provider '" + provider
                + "' failed: " + failure.getClass().getSimpleName() + ".").code("upstream_connection_failed").cause(failure).build();
    }

    /** No answer within the route's timeout. */
    public static BridgeException timeout(String provider, ModelRoute route, Throwable cause) {
        return BridgeException.upstreamTimeout(provider, route).cause(cause).build();
    }

    /** The start of an error answer's body, as text; empty when it cannot be read. */
    public static String errorBody(HttpClientResponse response) {
        try (InputStream in = UpstreamBody.of(response)) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
