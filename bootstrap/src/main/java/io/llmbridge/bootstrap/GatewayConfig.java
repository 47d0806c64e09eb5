package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.application.port.out.OutboundProxy;
import io.llmbridge.application.service.ResilienceSettings;
import io.llmbridge.domain.ModelRoute;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** The validated configuration file. */
record GatewayConfig(Path file, Server server, List<Provider> providers, String logLevel, Metrics metrics, Network network,
                     ResilienceSettings resilience) {

    record Server(String host, int port, long maxBodyBytes, WebSocketSettings webSocket) {
    }

    /**
     * @param perKey whether metrics carry the access key's name as a label ({@code metrics.per_key})
     */
    record Metrics(boolean perKey) {
    }

    /**
     * @param proxy      the proxies of providers with {@code requires_proxy: true}, from the file or
     *                   the environment; null when neither names one
     * @param extraTrust {@code tls.trust_store}'s certificates, trusted besides the JDK's; may be empty
     */
    record Network(OutboundProxy proxy, List<X509Certificate> extraTrust) {
        Network {
            extraTrust = List.copyOf(extraTrust);
        }
    }

    /**
     * @param options the provider's whole section, for adapter-specific keys
     */
    record Provider(String name, String adapter, String baseUrl, boolean requiresProxy, Boolean apiKeyRequired,
                    boolean insecureSkipVerify, List<ModelRoute> models, Map<String, Object> options) {
        /** {@code <PROVIDER>_API_KEY}: the name upper-cased, other characters than letters and digits as {@code _}. */
        String apiKeyVariable() {
            return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_API_KEY";
        }
    }
}
