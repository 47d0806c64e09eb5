package io.llmbridge.application.port.out.provider;

import java.util.List;

/**
 * The proxies a provider with {@code requires_proxy: true} goes through, by the scheme of its
 * upstream.
 *
 * @param http    for {@code http://} upstreams; null when none is configured
 * @param https   for {@code https://} upstreams; null when none is configured
 * @param noProxy hosts reached directly anyway, as {@code NO_PROXY} writes them ({@code example.com}
 *                also covers its subdomains, {@code *} covers every host)
 * @param source  where the settings come from, for messages ({@code proxy}, {@code HTTPS_PROXY}, …)
 */
public record OutboundProxy(ProxyServer http, ProxyServer https, List<String> noProxy, String source) {
    public OutboundProxy {
        noProxy = List.copyOf(noProxy);
        java.util.Objects.requireNonNull(source, "source");
    }
}
