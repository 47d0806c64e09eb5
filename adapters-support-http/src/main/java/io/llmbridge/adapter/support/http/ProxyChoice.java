package io.llmbridge.adapter.support.http;

import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.port.out.provider.ProxyServer;

import java.net.URI;
import java.util.Optional;

/** Which proxy, if any, one upstream URL is reached through. */
final class ProxyChoice {
    private ProxyChoice() {
    }

    /**
     * @param proxy the provider's proxies; null when it connects directly
     * @return the proxy for the upstream's scheme; empty for direct connections and no-proxy hosts
     * @throws IllegalArgumentException when a proxy is required but none serves the upstream's scheme
     */
    static Optional<ProxyServer> forUpstream(OutboundProxy proxy, URI upstream) {
        if (proxy == null) {
            return Optional.empty();
        }
        boolean https = "https".equalsIgnoreCase(upstream.getScheme());
        int port = upstream.getPort() >= 0 ? upstream.getPort() : https ? 443 : 80;
        if (NoProxyRule.bypasses(proxy.noProxy(), upstream.getHost(), port)) {
            return Optional.empty();
        }
        ProxyServer server = https ? proxy.https() : proxy.http();
        if (server == null) {
            // Connecting directly instead would defeat requires_proxy: say so at start-up.
            throw new IllegalArgumentException("requires_proxy is true, but " + proxy.source() + " names no proxy for "
                    + (https ? "https" : "http") + " upstreams like " + upstream.getScheme() + "://" + upstream.getHost());
        }
        return Optional.of(server);
    }
}
