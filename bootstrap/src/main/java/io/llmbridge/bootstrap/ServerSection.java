package io.llmbridge.bootstrap;

import io.llmbridge.domain.TrustedProxies;

import java.util.Map;
import java.util.function.Consumer;

/** The {@code server} section; {@code SERVER_PORT} in the environment wins over its port. */
final class ServerSection {
    static final int DEFAULT_PORT = 1219;
    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    private ServerSection() {
    }

    static GatewayConfig.Server read(ConfigNode server, Map<String, String> environment, Consumer<String> warnings) {
        server.mapping();
        int port = server.get("port").port(DEFAULT_PORT);
        String portOverride = environment.get("SERVER_PORT");
        if (portOverride != null && !portOverride.isBlank()) {
            port = parsePort(portOverride);
        }
        return new GatewayConfig.Server(server.get("host").string("0.0.0.0"), port,
                server.get("max_body_size").positiveLong(DEFAULT_MAX_BODY_BYTES),
                WebSocketSection.read(server.get("websocket"), warnings), trustedProxies(server.get("trusted_proxies")));
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
