package io.llmbridge.adapter.in.ws;

import java.time.Duration;
import java.util.List;

/**
 * The limits of one WebSocket endpoint.
 *
 * @param maxMessageBytes the largest text message (UTF-8 bytes, fragments counted together) a client may send
 * @param maxConcurrentChats how many chats one connection may have running or waiting at once
 * @param idleTimeout how long a connection with no chat running and nothing received is kept open
 * @param allowedOrigins the browser origins allowed to connect; empty: only pages of the gateway's own host and port
 */
public record WebSocketSettings(int maxMessageBytes, int maxConcurrentChats, Duration idleTimeout,
                                List<String> allowedOrigins) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT_CHATS = 8;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Half of what an int can address: the transport itself accepts frames twice this large (see the endpoint). */
    public static final int MAX_MESSAGE_BYTES_LIMIT = Integer.MAX_VALUE / 2;

    public WebSocketSettings {
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxMessageBytes must be from 1 to " + MAX_MESSAGE_BYTES_LIMIT);
        }
        if (maxConcurrentChats < 1) {
            throw new IllegalArgumentException("maxConcurrentChats must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CONCURRENT_CHATS, DEFAULT_IDLE_TIMEOUT, List.of());
    }
}
