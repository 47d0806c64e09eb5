package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.domain.TrustedProxies;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** The {@code server} section; {@code SERVER_PORT} in the environment wins over its port. */
final class ServerSection {
    static final int DEFAULT_PORT = 1219;
    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** Room for the WebSocket's default 1024 sockets and as many HTTP connections. */
    static final int DEFAULT_MAX_CONNECTIONS = 2048;
    static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 1024;
    /** Clients send their headers in one go; this is for slow networks, not slow clients. */
    static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** A 10 MiB body (the default limit) at about 200 KiB/s. */
    static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for balancers and Kubernetes endpoints to notice that readiness went down. */
    static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);
    /** More than a process is usually given file descriptors for: a typo, not a plan. */
    private static final int MAX_CONNECTIONS = 1_000_000;

    private ServerSection() {
    }

    static GatewayConfig.Server read(ConfigNode server, Map<String, String> environment, Consumer<String> warnings) {
        server.mapping();
        int port = server.get("port").port(DEFAULT_PORT);
        String portOverride = environment.get("SERVER_PORT");
        if (portOverride != null && !portOverride.isBlank()) {
            port = parsePort(portOverride);
        }
        WebSocketSettings webSocket = WebSocketSection.read(server.get("websocket"), warnings);
        return new GatewayConfig.Server(server.get("host").string("0.0.0.0"), port,
                server.get("max_body_size").positiveLong(DEFAULT_MAX_BODY_BYTES),
                webSocket, trustedProxies(server.get("trusted_proxies")), bounds(server, webSocket), managementPort(server, port),
                drain(server.get("drain")));
    }

    private static Integer managementPort(ConfigNode server, int port) {
        ConfigNode node = server.get("management_port");
        if (!node.isPresent()) {
            return null;
        }
        int managementPort = node.port(0);
        if (managementPort == port && port != 0) {
            throw node.problem("must differ from the API port (" + port + "); leave it out to serve /observe on the API port");
        }
        return managementPort;
    }

    private static GatewayConfig.DrainTimes drain(ConfigNode drain) {
        drain.mapping();
        return new GatewayConfig.DrainTimes(drain.get("delay").secondsOrZero(DEFAULT_DRAIN_DELAY),
                drain.get("grace").secondsOrZero(DEFAULT_DRAIN_GRACE));
    }

    private static GatewayConfig.Bounds bounds(ConfigNode server, WebSocketSettings webSocket) {
        // Helidon's one idle sweep closes WebSocket connections too, and an idle socket is only
        // pinged every half of its own idle timeout: a shorter sweep would cut sockets the
        // WebSocket settings promise to keep.
        Duration webSocketIdle = webSocket.idleTimeout().multipliedBy(2);
        ConfigNode idle = server.get("idle_timeout");
        Duration idleTimeout = idle.seconds(webSocketIdle);
        if (idleTimeout.compareTo(webSocketIdle) < 0) {
            throw idle.problem("must be at least twice server.websocket.idle_timeout (" + webSocketIdle.toMillis() / 1000.0
                    + " seconds): the server's idle sweep closes WebSocket connections too");
        }
        return new GatewayConfig.Bounds(
                WebSocketSection.atMost(server.get("max_connections"), DEFAULT_MAX_CONNECTIONS, MAX_CONNECTIONS, ""),
                WebSocketSection.atMost(server.get("max_concurrent_requests"), DEFAULT_MAX_CONCURRENT_REQUESTS, MAX_CONNECTIONS, ""),
                idleTimeout,
                server.get("header_timeout").seconds(DEFAULT_HEADER_TIMEOUT),
                server.get("body_timeout").seconds(DEFAULT_BODY_TIMEOUT));
    }

    private static TrustedProxies trustedProxies(ConfigNode node) {
        try {
            return TrustedProxies.of(node.strings());
        } catch (IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigProblem("environment", "SERVER_PORT", "must be a port number from 0 to 65535, not '" + text + "'");
    }
}
