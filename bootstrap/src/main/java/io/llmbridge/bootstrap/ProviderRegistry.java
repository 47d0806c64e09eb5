package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.application.service.UnconfiguredProvider;
import io.llmbridge.domain.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Creates each configured provider with the factory its {@code adapter:} names: one instance per
 * API key of {@code <PROVIDER>_API_KEY} (a comma-separated list), each on the provider's network
 * settings (proxy, trust).
 */
final class ProviderRegistry implements ChatProviders {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, List<KeyedProvider>> providers = new HashMap<>();
    /** Providers configured but not usable, with why, in configuration order. */
    private final Map<String, String> unusable = new LinkedHashMap<>();

    /** The adapter implementations on the class path, by {@code adapter:} name. */
    static Map<String, ChatProviderFactory> factories() {
        Map<String, ChatProviderFactory> factories = new HashMap<>();
        ServiceLoader.load(ChatProviderFactory.class).forEach(factory -> factories.put(factory.adapter(), factory));
        return factories;
    }

    ProviderRegistry(GatewayConfig config, Map<String, String> environment) {
        Map<String, ChatProviderFactory> factories = factories();
        for (GatewayConfig.Provider provider : config.providers()) {
            List<KeyedProvider> created = create(config, provider, factories.get(provider.adapter()), environment);
            providers.put(provider.name(), created);
            if (created.getFirst().provider() instanceof UnconfiguredProvider) {
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

    private static List<KeyedProvider> create(GatewayConfig config, GatewayConfig.Provider provider,
                                              ChatProviderFactory factory, Map<String, String> environment) {
        String variable = provider.apiKeyVariable();
        List<Secret> keys = keys(environment.get(variable));
        // Keys travel in an HTTP header, which the upstream clients do not re-check per call.
        if (keys.stream().anyMatch(key -> key.reveal().chars().anyMatch(Character::isISOControl))) {
            throw new ConfigProblem(config.file().toString(), "providers." + provider.name(),
                    variable + " holds a key with a control character (a line break?); keys must be one line each");
        }
        boolean keyRequired = provider.apiKeyRequired() != null ? provider.apiKeyRequired() : factory.requiresApiKey();
        if (keyRequired && keys.isEmpty()) {
            LOG.warn("Provider '{}' has no API key: set {} (in the environment or .env). Until then its models answer 503.",
                    provider.name(), variable);
            return List.of(new KeyedProvider(null, new UnconfiguredProvider(provider.name(), variable)));
        }
        OutboundNetwork network = network(config, provider);
        List<KeyedProvider> instances = new ArrayList<>();
        try {
            for (Secret key : keys.isEmpty() ? java.util.Collections.<Secret>singletonList(null) : keys) {
                ChatProvider instance = factory.create(new ProviderSettings(provider.name(), provider.baseUrl(), key, variable,
                        provider.options(), network));
                instances.add(new KeyedProvider(key == null ? null : key.fingerprint(), instance));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(config.file().toString(), "providers." + provider.name(), e.getMessage());
        }
        if (instances.size() > 1) {
            LOG.info("Provider '{}' rotates {} API keys: {}", provider.name(), instances.size(),
                    instances.stream().map(KeyedProvider::keyFingerprint).toList());
        }
        return List.copyOf(instances);
    }

    /** The keys of a comma-separated list ({@code <PROVIDER>_API_KEY}), each once, in order. */
    static List<Secret> keys(String value) {
        Map<Secret, Boolean> keys = new LinkedHashMap<>();
        if (value != null) {
            for (String key : value.split(",")) {
                if (!key.isBlank()) {
                    keys.putIfAbsent(new Secret(key.strip()), true);
                }
            }
        }
        return List.copyOf(keys.keySet());
    }

    private static OutboundNetwork network(GatewayConfig config, GatewayConfig.Provider provider) {
        if (provider.insecureSkipVerify()) {
            LOG.warn("*** Provider '{}' has tls.insecure_skip_verify: true: the certificate and host name of its upstream are "
                    + "NOT checked, so anyone on the path can read and change its traffic. Use it for tests only. ***", provider.name());
        }
        var proxy = provider.requiresProxy() ? config.network().proxy() : null;
        if (proxy != null) {
            LOG.info("Provider '{}' goes through a proxy ({}): https upstreams via {}, http upstreams via {}{}", provider.name(),
                    proxy.source(), proxy.https() == null ? "none" : proxy.https(), proxy.http() == null ? "none" : proxy.http(),
                    proxy.noProxy().isEmpty() ? "" : ", except " + proxy.noProxy());
        }
        return new OutboundNetwork(proxy, config.network().extraTrust(), provider.insecureSkipVerify());
    }


    @Override
    public List<KeyedProvider> keyed(String providerName) {
        return providers.getOrDefault(providerName, List.of());
    }
}
