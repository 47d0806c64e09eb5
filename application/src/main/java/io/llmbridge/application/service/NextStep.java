package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

/**
 * What to do after a failed upstream call, read from the error the adapter reported (see the
 * contract in {@link io.llmbridge.application.port.out.provider.ChatProvider}): its
 * {@link io.llmbridge.domain.UpstreamFailure} when it named one, else its kind and status.
 */
enum NextStep {
    /** The request itself is at fault (400, 404, 422…): the same request fails everywhere. */
    GIVE_UP,
    /** The upstream refused the API key: another key may work. */
    ANOTHER_KEY,
    /** 429: another key may have quota left; the same key after {@code Retry-After}. */
    ANOTHER_KEY_OR_WAIT,
    /** Refused, reset or broken connections, 500/502/503/504, overload, timeouts: worth another call. */
    RETRY,
    /** Anything else: this route will not answer, a fallback may. */
    FALL_BACK;

    static NextStep after(BridgeException error) {
        if (error.upstreamFailure() != null) {
            return switch (error.upstreamFailure()) {
                case REQUEST_REJECTED -> GIVE_UP;
                case KEY_REJECTED -> ANOTHER_KEY;
                case RATE_LIMITED -> ANOTHER_KEY_OR_WAIT;
                case TRANSIENT -> RETRY;
            };
        }
        Integer status = error.upstreamStatus();
        return switch (error.kind()) {
            case INVALID_REQUEST, UNAUTHENTICATED, PERMISSION_DENIED, MODEL_NOT_FOUND, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE -> GIVE_UP;
            case RATE_LIMITED -> ANOTHER_KEY_OR_WAIT;
            case UPSTREAM_TIMEOUT -> RETRY;
            case UPSTREAM_ERROR -> status == null ? RETRY
                    : switch (status) {
                        case 401, 403 -> ANOTHER_KEY;
                        case 429 -> ANOTHER_KEY_OR_WAIT;
                        case 500, 502, 503, 504 -> RETRY;
                        default -> FALL_BACK;
                    };
            case UNAVAILABLE, INTERNAL -> FALL_BACK;
        };
    }
}
