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
 * @param maxFrameBytes the largest single frame read at all; larger messages must come in fragments. The
 *                      transport never reads a frame over twice {@code maxMessageBytes} either
 * @param authenticationTimeout how long a connection opened without a key has to present a valid one
 * @param maxUnauthenticatedBytes how much a connection may send (all messages together) before it has
 *                                presented a valid key
 * @param maxConnectionsPerKey how many connections one access key may have open at once
 * @param maxConnections how many connections the endpoint keeps open at once
 * @param writeTimeout how long one frame may take to be written before the client counts as stalled
 */
public record WebSocketSettings(int maxMessageBytes, int maxConcurrentChats, Duration idleTimeout,
                                List<String> allowedOrigins, int maxFrameBytes, Duration authenticationTimeout,
                                int maxUnauthenticatedBytes, int maxConnectionsPerKey, int maxConnections,
                                Duration writeTimeout) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT_CHATS = 8;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Small enough that no frame costs much to read, large enough for the original protocol's chat messages. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final Duration DEFAULT_AUTHENTICATION_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_UNAUTHENTICATED_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_KEY = 64;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** As long as the HTTP API gives a client that stops reading a stream. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** Half of what an int can address: the transport itself accepts frames twice this large (see the endpoint). */
    public static final int MAX_MESSAGE_BYTES_LIMIT = Integer.MAX_VALUE / 2;

    public WebSocketSettings {
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxMessageBytes must be from 1 to " + MAX_MESSAGE_BYTES_LIMIT);
        }
        atLeastOne(maxConcurrentChats, "maxConcurrentChats");
        atLeastOne(maxFrameBytes, "maxFrameBytes");
        atLeastOne(maxUnauthenticatedBytes, "maxUnauthenticatedBytes");
        atLeastOne(maxConnectionsPerKey, "maxConnectionsPerKey");
        atLeastOne(maxConnections, "maxConnections");
        positive(idleTimeout, "idleTimeout");
        positive(authenticationTimeout, "authenticationTimeout");
        positive(writeTimeout, "writeTimeout");
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The original four limits, with the defaults for the rest. */
    public WebSocketSettings(int maxMessageBytes, int maxConcurrentChats, Duration idleTimeout, List<String> allowedOrigins) {
        this(maxMessageBytes, maxConcurrentChats, idleTimeout, allowedOrigins, DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_AUTHENTICATION_TIMEOUT, DEFAULT_MAX_UNAUTHENTICATED_BYTES, DEFAULT_MAX_CONNECTIONS_PER_KEY,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_WRITE_TIMEOUT);
    }

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CONCURRENT_CHATS, DEFAULT_IDLE_TIMEOUT, List.of());
    }

    /** The largest frame the transport reads: beyond it the connection is closed with 1009. */
    int transportFrameLimit() {
        // Up to twice the message limit, so a message just over it is read and answered with an error frame.
        return (int) Math.min(maxFrameBytes, 2L * maxMessageBytes);
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
