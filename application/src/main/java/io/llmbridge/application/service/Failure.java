package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;

/**
 * What a failed upstream call allows next, read from the error the adapter reported (see the
 * contract in {@link io.llmbridge.application.port.out.provider.ChatProvider}).
 */
enum Failure {
    /** The request itself is at fault (400, 404, 422…): the same request fails everywhere. */
    REQUEST,
    /** The upstream refused the API key (401/403): another key may work. */
    KEY_REJECTED,
    /** 429: another key may have quota left; the same key after {@code Retry-After}. */
    RATE_LIMITED,
    /** Refused, reset or broken connections, 500/502/503/504, timeouts: worth another call. */
    TRANSIENT,
    /** Anything else: this route will not answer, a fallback may. */
    ROUTE_DOWN;

    /** What adapters call a refused key, whatever status their upstream used for it (Gemini: 400). */
    static final String KEY_REFUSED_CODE = "upstream_authentication_failed";

    static Failure of(BridgeException error) {
        Integer status = error.upstreamStatus();
        if (error.kind() == io.llmbridge.domain.ErrorKind.UPSTREAM_ERROR && KEY_REFUSED_CODE.equals(error.code())) {
            return KEY_REJECTED;
        }
        return switch (error.kind()) {
            case INVALID_REQUEST, UNAUTHENTICATED, PERMISSION_DENIED, MODEL_NOT_FOUND, PAYLOAD_TOO_LARGE -> REQUEST;
            case RATE_LIMITED -> RATE_LIMITED;
            case UPSTREAM_TIMEOUT -> TRANSIENT;
            case UPSTREAM_ERROR -> status == null ? TRANSIENT
                    : switch (status) {
                        case 401, 403 -> KEY_REJECTED;
                        case 429 -> RATE_LIMITED;
                        case 500, 502, 503, 504 -> TRANSIENT;
                        default -> ROUTE_DOWN;
                    };
            case UNAVAILABLE, INTERNAL -> ROUTE_DOWN;
        };
    }
}
