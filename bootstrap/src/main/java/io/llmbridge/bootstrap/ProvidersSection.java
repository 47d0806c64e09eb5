package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code providers} section. Keys every provider has are read here; the keys of one
 * {@code adapter:} kind are declared and checked by its {@link ChatProviderFactory}.
 */
final class ProvidersSection {
    static final int DEFAULT_RETRIES = 2;
    /** More retries than this multiply one client's request into a storm; a typo, not a plan. */
    static final int MAX_RETRIES = 10;
    private static final Set<String> PROVIDER_KEYS = Set.of("adapter", "base_url", "requires_proxy", "api_key_required",
            "tls", "retries", "models");

    private final Map<String, ChatProviderFactory> factories;
    private final Consumer<String> warnings;

    /**
     * @param factories the adapter implementations on the class path, by {@code adapter:} name
     */
    ProvidersSection(Map<String, ChatProviderFactory> factories, Consumer<String> warnings) {
        this.factories = factories;
        this.warnings = warnings;
    }

    List<GatewayConfig.Provider> read(ConfigNode providersNode) {
        if (providersNode.mapping().isEmpty()) {
            throw providersNode.problem("at least one provider is needed");
        }
        List<GatewayConfig.Provider> providers = new ArrayList<>();
        for (String name : providersNode.mapping().keySet()) {
            providers.add(provider(name, providersNode.get(name)));
        }
        checkReferences(providersNode, providers);
        return List.copyOf(providers);
    }

    private GatewayConfig.Provider provider(String name, ConfigNode node) {
        if (name.contains("/")) {
            throw node.problem("a provider name cannot contain '/'");
        }
        node.mapping();
        String adapter = node.get("adapter").string("openai");
        ChatProviderFactory factory = factories.get(adapter);
        if (factory == null) {
            throw node.get("adapter").problem("unknown adapter '" + adapter + "'; known: " + factories.keySet().stream().sorted().toList());
        }
        Set<String> known = new HashSet<>(PROVIDER_KEYS);
        known.addAll(factory.options());
        node.warnUnknown(known, warnings);
        ConfigNode modelsNode = node.get("models");
        if (modelsNode.mapping().isEmpty()) {
            throw modelsNode.problem("a provider needs at least one model");
        }
        int retries = node.get("retries").intIn(DEFAULT_RETRIES, 0, MAX_RETRIES);
        ModelSection modelSection = new ModelSection(name, retries, warnings);
        List<ModelRoute> models = new ArrayList<>();
        for (String model : modelsNode.mapping().keySet()) {
            models.add(modelSection.read(model, modelsNode.get(model)));
        }
        Map<String, Object> options = node.jsonObject();
        try {
            factory.validate(options);
        } catch (InvalidProviderOption e) {
            throw node.get(e.key()).invalid(e.expectation());
        }
        ConfigNode apiKeyRequired = node.get("api_key_required");
        ConfigNode tls = node.get("tls");
        tls.mapping();
        return new GatewayConfig.Provider(name, adapter, node.get("base_url").string(null),
                node.get("requires_proxy").bool(false),
                apiKeyRequired.isPresent() ? apiKeyRequired.bool(true) : null,
                tls.get("insecure_skip_verify").bool(false),
                List.copyOf(models), options);
    }

    /** Fallbacks must name configured models of the same kind, deployments configured providers. */
    private static void checkReferences(ConfigNode providersNode, List<GatewayConfig.Provider> providers) {
        Map<ModelRef, ModelRoute> models = new HashMap<>();
        providers.forEach(provider -> provider.models().forEach(route -> models.put(route.ref(), route)));
        Set<String> names = new HashSet<>(providers.stream().map(GatewayConfig.Provider::name).toList());
        for (GatewayConfig.Provider provider : providers) {
            for (ModelRoute route : provider.models()) {
                ConfigNode node = providersNode.get(provider.name()).get("models").get(route.ref().model());
                List<ConfigNode> fallbacks = node.get("fallbacks").items();
                for (int i = 0; i < fallbacks.size(); i++) {
                    ModelRef fallback = route.fallbacks().get(i);
                    if (fallback.equals(route.ref())) {
                        throw fallbacks.get(i).problem("a model cannot be its own fallback");
                    }
                    if (!models.containsKey(fallback)) {
                        throw fallbacks.get(i).problem("no model '" + fallback.id() + "' is configured");
                    }
                    if (models.get(fallback).kind() != route.kind()) {
                        throw fallbacks.get(i).problem("'" + fallback.id() + "' is not a " + route.kind().configName()
                                + " model like the one it stands in for");
                    }
                }
                List<ConfigNode> deployments = node.get("deployments").items();
                for (int i = 0; i < deployments.size(); i++) {
                    String target = route.deployments().get(i).target().provider();
                    if (!names.contains(target)) {
                        throw deployments.get(i).get("provider").problem("no provider '" + target + "' is configured");
                    }
                }
            }
        }
    }
}
