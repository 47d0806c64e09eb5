package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.provider.OutboundProxy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * The {@code proxy} and {@code tls} sections. The {@code proxy} section wins over the
 * environment's proxy variables, which are only read when some provider requires a proxy; a
 * provider that requires one gets one or start-up fails.
 */
final class NetworkSection {
    private NetworkSection() {
    }

    static GatewayConfig.Network read(ConfigNode root, ConfigNode providersNode, List<GatewayConfig.Provider> providers,
                                      Map<String, String> environment) {
        ConfigNode proxyNode = root.get("proxy");
        GatewayConfig.Provider needsProxy = providers.stream().filter(GatewayConfig.Provider::requiresProxy).findFirst().orElse(null);
        OutboundProxy proxy = null;
        if (proxyNode.isPresent()) {
            proxy = ProxySettings.fromSection(proxyNode);
        } else if (needsProxy != null) {
            proxy = ProxySettings.fromEnvironment(environment);
        }
        if (needsProxy != null && proxy == null) {
            throw providersNode.get(needsProxy.name()).get("requires_proxy").problem("is true, but no proxy is configured: add a "
                    + "proxy section (http, https) or set HTTPS_PROXY/HTTP_PROXY in the environment");
        }
        ConfigNode tls = root.get("tls");
        tls.mapping();
        ConfigNode trustStore = tls.get("trust_store");
        List<X509Certificate> trust = trustStore.isPresent()
                ? TrustStoreFile.load(Path.of(trustStore.string(null)), environment.get(TrustStoreFile.PASSWORD_VARIABLE), trustStore)
                : List.of();
        return new GatewayConfig.Network(proxy, trust);
    }
}
