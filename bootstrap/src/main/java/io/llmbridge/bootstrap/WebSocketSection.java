package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;

import java.util.Set;
import java.util.function.Consumer;

/** {@code server.websocket}: the limits of {@code /v1/ws}. */
final class WebSocketSection {
    private static final Set<String> KEYS = Set.of("max_frame_size", "max_concurrent_chats", "idle_timeout", "allowed_origins",
            "max_frame_bytes", "authentication_timeout", "max_unauthenticated_bytes", "max_connections_per_key",
            "max_connections", "write_timeout");
    /** More chats than this on one connection is a typo, not a plan. */
    private static final int MAX_CONCURRENT_CHATS = 10_000;
    /** More sockets than this would need more file descriptors than a process is usually given. */
    private static final int MAX_CONNECTIONS = 1_000_000;

    private WebSocketSection() {
    }

    static WebSocketSettings read(ConfigNode node, Consumer<String> warnings) {
        node.warnUnknown(KEYS, warnings);
        return new WebSocketSettings(
                atMost(node.get("max_frame_size"), WebSocketSettings.DEFAULT_MAX_MESSAGE_BYTES,
                        WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT, " bytes"),
                atMost(node.get("max_concurrent_chats"), WebSocketSettings.DEFAULT_MAX_CONCURRENT_CHATS, MAX_CONCURRENT_CHATS, ""),
                node.get("idle_timeout").seconds(WebSocketSettings.DEFAULT_IDLE_TIMEOUT),
                node.get("allowed_origins").strings(),
                atMost(node.get("max_frame_bytes"), WebSocketSettings.DEFAULT_MAX_FRAME_BYTES,
                        WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT, " bytes"),
                node.get("authentication_timeout").seconds(WebSocketSettings.DEFAULT_AUTHENTICATION_TIMEOUT),
                atMost(node.get("max_unauthenticated_bytes"), WebSocketSettings.DEFAULT_MAX_UNAUTHENTICATED_BYTES,
                        WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT, " bytes"),
                atMost(node.get("max_connections_per_key"), WebSocketSettings.DEFAULT_MAX_CONNECTIONS_PER_KEY, MAX_CONNECTIONS, ""),
                atMost(node.get("max_connections"), WebSocketSettings.DEFAULT_MAX_CONNECTIONS, MAX_CONNECTIONS, ""),
                node.get("write_timeout").seconds(WebSocketSettings.DEFAULT_WRITE_TIMEOUT));
    }

    /** A positive whole number up to {@code max}; {@code unit} names what it counts in the error. */
    static int atMost(ConfigNode node, int fallback, int max, String unit) {
        long value = node.positiveLong((long) fallback);
        if (value > max) {
            throw node.problem("must be at most " + max + unit);
        }
        return (int) value;
    }
}
