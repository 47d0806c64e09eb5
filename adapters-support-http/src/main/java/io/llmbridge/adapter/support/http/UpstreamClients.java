package io.llmbridge.adapter.support.http;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.Proxy;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.helidon.webclient.api.WebClientConfig;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import io.llmbridge.application.port.out.provider.ProxyServer;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way provider adapters get an HTTP client for their upstream: pooled keep-alive
 * connections ({@link KeepAliveConnections}), through the provider's proxy (CONNECT tunnels for
 * https) or directly, trusting the JDK's CAs plus the configured company CA. Retries, key
 * rotation and failover are not here: the application decides those for every provider alike.
 */
public final class UpstreamClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private UpstreamClients() {
    }

    /**
     * @param network  the provider's {@link io.llmbridge.application.port.out.provider.ProviderSettings#network()}
     * @param upstream the URL it will call: its scheme and host choose the proxy
     * @throws IllegalArgumentException when a proxy is required but none is configured for the
     *                                  upstream's scheme (the message is meant for the operator)
     */
    public static UpstreamClient create(OutboundNetwork network, URI upstream) {
        var builder = WebClient.builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .keepAlive(true)
                .sendExpectContinue(false)
                .followRedirects(false)
                // The request headers are the adapter's own (content type, accept, the provider's
                // key): not checked again on every call. The upstream's response headers still are.
                .addProtocolConfig(Http1ClientProtocolConfig.builder().validateRequestHeaders(false).build());
        Optional<ProxyServer> proxy = ProxyChoice.forUpstream(network.proxy(), upstream);
        if (proxy.isEmpty()) {
            builder.proxy(Proxy.noProxy());
        } else if ("https".equalsIgnoreCase(upstream.getScheme())) {
            builder.proxy(tunnel(proxy.get()));
        } else {
            forwarding(builder, proxy.get());
        }
        Tls tls = TrustMaterial.tls(network, upstream);
        if (tls != null) {
            builder.tls(tls);
        }
        WebClient webClient = builder.build();
        // HTTP/1.1 directly: the generic client looks up the protocol for every request.
        return new UpstreamClient(webClient.client(Http1Client.PROTOCOL), new KeepAliveConnections(webClient, upstream),
                upstream);
    }

    /**
     * The trust upstreams are checked against (the JDK's CAs and the company CA of
     * {@code tls.trust_store}), for other TLS clients of the gateway, such as the audit's Logstash.
     */
    public static SSLContext trust(List<X509Certificate> extra) {
        return TrustMaterial.context(extra);
    }

    /** What {@link #trust} trusts, for clients that take a trust manager with their context. */
    public static javax.net.ssl.X509TrustManager trustManager(List<X509Certificate> extra) {
        return TrustMaterial.trustManager(extra);
    }

    /** The proxy calls to {@code upstream} go through; empty when they go directly. */
    public static Optional<ProxyServer> proxyFor(OutboundNetwork network, URI upstream) {
        return ProxyChoice.forUpstream(network.proxy(), upstream);
    }

    /** How the upstream is reached, for start-up logs: never shows credentials. */
    public static String describe(OutboundNetwork network, URI upstream) {
        Optional<ProxyServer> proxy = ProxyChoice.forUpstream(network.proxy(), upstream);
        return proxy.map(server -> "through proxy " + server + " (" + network.proxy().source() + ")")
                .orElse(network.proxy() == null ? "directly" : "directly (no_proxy)");
    }

    /** HTTPS: a CONNECT tunnel, whose request alone carries the credentials. */
    private static Proxy tunnel(ProxyServer server) {
        Proxy.Builder proxy = Proxy.builder().type(Proxy.ProxyType.HTTP).host(server.host()).port(server.port());
        if (server.username() != null) {
            proxy.username(server.username());
            proxy.password(server.password() == null ? new char[0] : server.password().reveal().toCharArray());
        }
        return proxy.build();
    }

    /**
     * Plain HTTP: requests in absolute form, credentials on each. Given credentials, Helidon would
     * open a CONNECT tunnel to port 80 instead, which proxies commonly refuse (and MockServer fails).
     */
    private static void forwarding(WebClientConfig.Builder builder, ProxyServer server) {
        builder.proxy(Proxy.builder().type(Proxy.ProxyType.HTTP).host(server.host()).port(server.port()).build());
        if (server.username() != null) {
            String password = server.password() == null ? "" : server.password().reveal();
            builder.addHeader(HeaderNames.PROXY_AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                    (server.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
