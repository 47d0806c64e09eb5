package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.provider.ChatProviderFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the configuration file once, at start-up, and turns it into {@link GatewayConfig}: one
 * reader per section, each naming the file and key of whatever it refuses.
 */
final class ConfigReader {
    private static final Set<String> METRICS_KEYS = Set.of("per_key");

    private final ProvidersSection providers;
    private final Consumer<String> warnings;

    /**
     * @param factories the provider adapters on the class path; {@code adapter:} must name one
     * @param warnings  where doubtful but workable settings are reported
     */
    ConfigReader(Collection<ChatProviderFactory> factories, Consumer<String> warnings) {
        this.providers = new ProvidersSection(
                factories.stream().collect(Collectors.toMap(ChatProviderFactory::adapter, Function.identity())), warnings);
        this.warnings = warnings;
    }

    GatewayConfig read(Path file, Map<String, String> environment) {
        ConfigNode root = ConfigNode.root(file.toString(), YamlFile.read(file));
        GatewayConfig.Server server = ServerSection.read(root.get("server"), environment, warnings);
        ConfigNode providersNode = root.get("providers");
        List<GatewayConfig.Provider> providerList = providers.read(providersNode);
        GatewayConfig.Network network = NetworkSection.read(root, providersNode, providerList, environment);
        return new GatewayConfig(file, server, providerList, LoggingSection.read(root.get("logging"), warnings),
                metrics(root.get("metrics")), network,
                ResilienceSection.read(root.get("resilience")), StoreSection.store(root.get("store"), environment, warnings),
                StoreSection.usageRows(root.get("store")),
                StoreSection.prices(root.get("prices")), LimitsSection.read(root.get("limits"),
                        providerList.stream().flatMap(provider -> provider.models().stream()).toList(), environment),
                TracingSection.read(root.get("tracing"), network, warnings));
    }

    private GatewayConfig.Metrics metrics(ConfigNode node) {
        node.warnUnknown(METRICS_KEYS, warnings);
        return new GatewayConfig.Metrics(node.get("per_key").bool(false));
    }
}
