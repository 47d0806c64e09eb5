package io.llmbridge.application.port.out;

import io.llmbridge.domain.Secret;

import java.util.Map;

/**
 * What a provider adapter is given at start-up.
 *
 * @param name           the provider's name in the configuration ({@code deepseek})
 * @param baseUrl        the configured {@code base_url}; null to use the adapter's default
 * @param apiKey         the key from the environment; null when it is not set
 * @param apiKeyVariable the variable the key is read from, to name in errors
 * @param options        the provider's whole configuration section, for adapter-specific keys
 */
public record ProviderSettings(String name, String baseUrl, Secret apiKey, String apiKeyVariable,
                               Map<String, Object> options) {
    public ProviderSettings {
        java.util.Objects.requireNonNull(name, "name");
        options = Map.copyOf(options);
    }
}
