package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ChatProviderFactory;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ProviderSettings;
import io.llmbridge.application.service.UnconfiguredProvider;
import io.llmbridge.domain.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** Creates each configured provider with the factory its {@code adapter:} names. */
final class ProviderRegistry implements ChatProviders {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, ChatProvider> providers = new HashMap<>();
    /** Providers configured but not usable, with why, in configuration order. */
    private final Map<String, String> unusable = new LinkedHashMap<>();

    /** The adapter implementations on the class path, by {@code adapter:} name. */
    static Map<String, ChatProviderFactory> factories() {
        Map<String, ChatProviderFactory> factories = new HashMap<>();
        ServiceLoader.load(ChatProviderFactory.class).forEach(factory -> factories.put(factory.adapter(), factory));
        return factories;
    }

    static Set<String> adapterNames() {
        return factories().keySet();
    }

    ProviderRegistry(GatewayConfig config, Map<String, String> environment) {
        Map<String, ChatProviderFactory> factories = factories();
        for (GatewayConfig.Provider provider : config.providers()) {
            ChatProvider created = create(config, provider, factories.get(provider.adapter()), environment);
            providers.put(provider.name(), created);
            if (created instanceof UnconfiguredProvider) {
                unusable.put(provider.name(), "its API key is not set (" + provider.apiKeyVariable() + ")");
            }
        }
    }

    /** How many providers can answer. */
    int usableCount() {
        return providers.size() - unusable.size();
    }

    /** The providers that cannot answer, with why (never a key). */
    Map<String, String> unusable() {
        return Map.copyOf(unusable);
    }

    private static ChatProvider create(GatewayConfig config, GatewayConfig.Provider provider,
                                       ChatProviderFactory factory, Map<String, String> environment) {
        String variable = provider.apiKeyVariable();
        String key = environment.get(variable);
        boolean keyRequired = provider.apiKeyRequired() != null ? provider.apiKeyRequired() : factory.requiresApiKey();
        if (keyRequired && (key == null || key.isBlank())) {
            LOG.warn("Provider '{}' has no API key: set {} (in the environment or .env). Until then its models answer 503.",
                    provider.name(), variable);
            return new UnconfiguredProvider(provider.name(), variable);
        }
        if (provider.requiresProxy()) {
            LOG.warn("Provider '{}' has requires_proxy: true, but this build has no outbound proxy support yet: it connects directly.",
                    provider.name());
        }
        Secret secret = key == null || key.isBlank() ? null : new Secret(key.strip());
        try {
            return factory.create(new ProviderSettings(provider.name(), provider.baseUrl(), secret, variable, provider.options()));
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(config.file().toString(), "providers." + provider.name(), e.getMessage());
        }
    }

    @Override
    public Optional<ChatProvider> find(String providerName) {
        return Optional.ofNullable(providers.get(providerName));
    }
}
