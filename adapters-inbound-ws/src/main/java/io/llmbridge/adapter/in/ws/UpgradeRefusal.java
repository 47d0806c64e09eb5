package io.llmbridge.adapter.in.ws;

import io.helidon.http.DirectHandler;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

/** An upgrade the endpoint refuses: thrown from {@code onHttpUpgrade}, Helidon answers it with its status and message. */
final class UpgradeRefusal {
    private UpgradeRefusal() {
    }

    static RequestException of(Status status, String message) {
        return RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(status)
                .message(message)
                .safeMessage(true)
                .build();
    }
}
