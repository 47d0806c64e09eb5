package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.Secret;

/**
 * An HTTP proxy: plain HTTP requests go to it in absolute form, HTTPS ones through a CONNECT
 * tunnel. Its {@code toString} shows where it is, never the password.
 *
 * @param username null when the proxy needs no credentials
 * @param password null when the proxy needs no credentials
 */
public record ProxyServer(String host, int port, String username, Secret password) {
    public ProxyServer {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535");
        }
    }

    @Override
    public String toString() {
        return "http://" + host + ":" + port + (username == null ? "" : " (with credentials)");
    }
}
