package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.Secret;

import java.util.Map;

/**
 * What a provider adapter is given at start-up. A provider with several API keys gets one
 * instance per key: the application rotates among them (see {@link io.llmbridge.application.port.out.ChatProviders#keyed}).
 *
 * @param name           the provider's name in the configuration ({@code deepseek})
 * @param baseUrl        the configured {@code base_url}; null to use the adapter's default
 * @param apiKey         the key this instance calls with; null when it is not set
 * @param apiKeyVariable the variable the key is read from, to name in errors
 * @param options        the provider's whole configuration section, for adapter-specific keys
 * @param network        proxy and trust for its upstream connections
 */
public record ProviderSettings(String name, String baseUrl, Secret apiKey, String apiKeyVariable,
                               Map<String, Object> options, OutboundNetwork network) {
    public ProviderSettings {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(network, "network");
        options = Map.copyOf(options);
    }

    /** Settings for direct connections with the JDK's trust. */
    public ProviderSettings(String name, String baseUrl, Secret apiKey, String apiKeyVariable, Map<String, Object> options) {
        this(name, baseUrl, apiKey, apiKeyVariable, options, OutboundNetwork.DIRECT);
    }
}
