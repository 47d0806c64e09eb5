package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.adapter.in.http.TrustedProxies;
import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.RollingFile;
import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.service.ResilienceSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Deployment;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Checks the configuration file once, at start-up, and turns it into {@link GatewayConfig}. */
final class ConfigReader {
    static final int DEFAULT_PORT = 1219;
    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final int DEFAULT_RETRIES = 2;
    /** More retries than this multiply one client's request into a storm; a typo, not a plan. */
    static final int MAX_RETRIES = 10;
    private static final Set<String> MODEL_KEYS = Set.of("max_tokens", "timeout", "param_config", "retries", "fallbacks",
            "deployments");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of("provider", "model", "weight");
    private static final Set<String> PARAM_KEYS = Set.of("update_params", "add_params", "rename_params", "delete_params");
    private static final Set<String> WEBSOCKET_KEYS = Set.of("max_frame_size", "max_concurrent_chats", "idle_timeout", "allowed_origins");
    /** More chats than this on one connection is a typo, not a plan. */
    private static final long MAX_CONCURRENT_CHATS = 10_000;
    private static final Set<String> METRICS_KEYS = Set.of("per_key");
    static final long DEFAULT_LOG_MAX_SIZE = 10L * 1024 * 1024;
    static final int DEFAULT_LOG_BACKUPS = 5;
    static final String DEFAULT_LOG_FILE = "logs/llm-bridge.log";
    static final String DEFAULT_AUDIT_FILE = "logs/audit.log";
    static final int DEFAULT_MAX_CONTENT_CHARS = 2000;
    static final int DEFAULT_LOGSTASH_PORT = 4560;
    private static final Map<String, String> LEVELS = Map.of("trace", "TRACE", "debug", "DEBUG", "info", "INFO",
            "warn", "WARN", "warning", "WARN", "error", "ERROR");
    private static final Set<String> LOGGING_KEYS = Set.of("format", "level", "output", "audit");
    private static final Set<String> OUTPUT_KEYS = Set.of("console", "file");
    private static final Set<String> FILE_KEYS = Set.of("path", "max_size", "backup_count");
    private static final Set<String> AUDIT_KEYS = Set.of("path", "max_size", "backup_count", "include_content",
            "max_content_chars", "logstash");
    private static final Set<String> LOGSTASH_KEYS = Set.of("host", "port");

    private final Set<String> adapters;
    private final Consumer<String> warnings;

    /**
     * @param adapters the {@code adapter:} names that have an implementation on the class path
     * @param warnings where doubtful but workable settings are reported
     */
    ConfigReader(Set<String> adapters, Consumer<String> warnings) {
        this.adapters = adapters;
        this.warnings = warnings;
    }

    GatewayConfig read(Path file, Map<String, String> environment) {
        ConfigNode root = ConfigNode.root(file.toString(), YamlFile.read(file));
        ConfigNode server = root.get("server");
        server.mapping();
        int port = server.get("port").port(DEFAULT_PORT);
        String portOverride = environment.get("SERVER_PORT");
        if (portOverride != null && !portOverride.isBlank()) {
            port = parsePort(portOverride);
        }
        GatewayConfig.Server serverSettings = new GatewayConfig.Server(server.get("host").string("0.0.0.0"), port,
                server.get("max_body_size").positiveLong(DEFAULT_MAX_BODY_BYTES), webSocket(server.get("websocket")),
                trustedProxies(server.get("trusted_proxies")));

        ConfigNode providersNode = root.get("providers");
        if (providersNode.mapping().isEmpty()) {
            throw providersNode.problem("at least one provider is needed");
        }
        List<GatewayConfig.Provider> providers = new ArrayList<>();
        for (String name : providersNode.mapping().keySet()) {
            providers.add(provider(name, providersNode.get(name)));
        }
        checkReferences(providersNode, providers);
        return new GatewayConfig(file, serverSettings, List.copyOf(providers), logging(root.get("logging")),
                metrics(root.get("metrics")), network(root, providersNode, providers, environment),
                resilience(root.get("resilience")));
    }

    private GatewayConfig.Metrics metrics(ConfigNode node) {
        warnUnknown(node, METRICS_KEYS);
        return new GatewayConfig.Metrics(node.get("per_key").bool(false));
    }

    private void warnUnknown(ConfigNode node, Set<String> known) {
        node.mapping().keySet().stream().filter(key -> !known.contains(key)).forEach(key ->
                warnings.accept(node.get(key).path() + " is not a known setting (known: " + known.stream().sorted().toList() + "); ignored"));
    }

    /**
     * The {@code proxy} section wins over the environment's proxy variables, which are only read
     * when some provider requires a proxy; a provider that requires one gets one or start-up fails.
     */
    private static GatewayConfig.Network network(ConfigNode root, ConfigNode providersNode,
                                                 List<GatewayConfig.Provider> providers, Map<String, String> environment) {
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

    private static ResilienceSettings resilience(ConfigNode node) {
        node.mapping();
        ResilienceSettings defaults = ResilienceSettings.DEFAULTS;
        ConfigNode backoff = node.get("backoff");
        backoff.mapping();
        Duration initial = seconds(backoff.get("initial"), defaults.backoffInitial());
        Duration max = seconds(backoff.get("max"), defaults.backoffMax().compareTo(initial) < 0 ? initial : defaults.backoffMax());
        if (max.compareTo(initial) < 0) {
            throw backoff.get("max").problem("must not be shorter than resilience.backoff.initial");
        }
        ConfigNode breaker = node.get("circuit_breaker");
        breaker.mapping();
        return new ResilienceSettings(initial, max, seconds(node.get("key_cooldown"), defaults.keyCooldown()),
                breaker.get("failures").intIn(defaults.breakerFailures(), 1, 1000),
                seconds(breaker.get("delay"), defaults.breakerDelay()));
    }

    /** Fallbacks must name configured models, deployments configured providers. */
    private static void checkReferences(ConfigNode providersNode, List<GatewayConfig.Provider> providers) {
        Set<ModelRef> models = new java.util.HashSet<>();
        providers.forEach(provider -> provider.models().forEach(route -> models.add(route.ref())));
        Set<String> names = new java.util.HashSet<>(providers.stream().map(GatewayConfig.Provider::name).toList());
        for (GatewayConfig.Provider provider : providers) {
            for (ModelRoute route : provider.models()) {
                ConfigNode node = providersNode.get(provider.name()).get("models").get(route.ref().model());
                List<ConfigNode> fallbacks = node.get("fallbacks").items();
                for (int i = 0; i < fallbacks.size(); i++) {
                    ModelRef fallback = route.fallbacks().get(i);
                    if (fallback.equals(route.ref())) {
                        throw fallbacks.get(i).problem("a model cannot be its own fallback");
                    }
                    if (!models.contains(fallback)) {
                        throw fallbacks.get(i).problem("no model '" + fallback.id() + "' is configured");
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

    private WebSocketSettings webSocket(ConfigNode node) {
        warnUnknown(node, WEBSOCKET_KEYS);
        ConfigNode maxFrame = node.get("max_frame_size");
        long maxFrameBytes = maxFrame.positiveLong((long) WebSocketSettings.DEFAULT_MAX_MESSAGE_BYTES);
        if (maxFrameBytes > WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT) {
            throw maxFrame.problem("must be at most " + WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT + " bytes");
        }
        ConfigNode maxChats = node.get("max_concurrent_chats");
        long maxConcurrentChats = maxChats.positiveLong((long) WebSocketSettings.DEFAULT_MAX_CONCURRENT_CHATS);
        if (maxConcurrentChats > MAX_CONCURRENT_CHATS) {
            throw maxChats.problem("must be at most " + MAX_CONCURRENT_CHATS);
        }
        return new WebSocketSettings((int) maxFrameBytes, (int) maxConcurrentChats,
                seconds(node.get("idle_timeout"), WebSocketSettings.DEFAULT_IDLE_TIMEOUT), node.get("allowed_origins").strings());
    }

    /** A positive number of seconds, fractions allowed down to the millisecond. */
    private static Duration seconds(ConfigNode node, Duration fallback) {
        if (!node.isPresent()) {
            return fallback;
        }
        Duration duration = Duration.ofMillis(node.positiveNumber(null).movePointRight(3).longValue());
        if (duration.isZero()) {
            throw node.problem("must be at least 0.001 seconds");
        }
        return duration;
    }

    private static TrustedProxies trustedProxies(ConfigNode node) {
        try {
            return TrustedProxies.of(node.strings());
        } catch (IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private GatewayConfig.Logging logging(ConfigNode node) {
        warnUnknown(node, LOGGING_KEYS);
        String format = node.get("format").string("json");
        if (!format.equals("json") && !format.equals("text")) {
            throw node.get("format").problem("must be json or text, not '" + format + "'");
        }
        String level = node.get("level").string("info");
        String logbackLevel = LEVELS.get(level.toLowerCase(java.util.Locale.ROOT));
        if (logbackLevel == null) {
            throw node.get("level").problem("must be one of trace, debug, info, warn, error, not '" + level + "'");
        }
        ConfigNode output = node.get("output");
        warnUnknown(output, OUTPUT_KEYS);
        ConfigNode file = output.get("file");
        warnUnknown(file, FILE_KEYS);
        return new GatewayConfig.Logging(GatewayConfig.Logging.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT)),
                logbackLevel, output.get("console").bool(true),
                file.isPresent() ? rollingFile(file, DEFAULT_LOG_FILE) : null, audit(node.get("audit")));
    }

    private GatewayConfig.Audit audit(ConfigNode node) {
        warnUnknown(node, AUDIT_KEYS);
        ConfigNode logstash = node.get("logstash");
        AuditSettings.Logstash shipping = null;
        if (logstash.isPresent()) {
            warnUnknown(logstash, LOGSTASH_KEYS);
            String host = logstash.get("host").string(null);
            if (host == null) {
                throw logstash.get("host").problem("is required to ship the audit to Logstash");
            }
            shipping = new AuditSettings.Logstash(host, logstash.get("port").intIn(DEFAULT_LOGSTASH_PORT, 1, 65535));
        }
        return new GatewayConfig.Audit(rollingFile(node, DEFAULT_AUDIT_FILE), node.get("include_content").bool(false),
                node.get("max_content_chars").intIn(DEFAULT_MAX_CONTENT_CHARS, 1, Integer.MAX_VALUE), shipping);
    }

    /** {@code path}, {@code max_size} and {@code backup_count}, as the original service read them. */
    private static RollingFile rollingFile(ConfigNode node, String defaultPath) {
        return new RollingFile(Path.of(node.get("path").string(defaultPath)),
                node.get("max_size").positiveLong(DEFAULT_LOG_MAX_SIZE),
                node.get("backup_count").intIn(DEFAULT_LOG_BACKUPS, 1, RollingFile.MAX_BACKUPS));
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigProblem("environment", "SERVER_PORT", "must be a port number from 0 to 65535, not '" + text + "'");
    }

    private GatewayConfig.Provider provider(String name, ConfigNode node) {
        if (name.contains("/")) {
            throw node.problem("a provider name cannot contain '/'");
        }
        node.mapping();
        String adapter = node.get("adapter").string("openai");
        if (!adapters.contains(adapter)) {
            throw node.get("adapter").problem("unknown adapter '" + adapter + "'; known: " + adapters.stream().sorted().toList());
        }
        ConfigNode modelsNode = node.get("models");
        if (modelsNode.mapping().isEmpty()) {
            throw modelsNode.problem("a provider needs at least one model");
        }
        int retries = node.get("retries").intIn(DEFAULT_RETRIES, 0, MAX_RETRIES);
        List<ModelRoute> models = new ArrayList<>();
        for (String model : modelsNode.mapping().keySet()) {
            models.add(model(name, model, modelsNode.get(model), retries));
        }
        // Read by the openai adapter from the provider's options; checked here so that a wrong
        // value stops the start with its key named.
        node.get("stream_usage").bool(true);
        ConfigNode apiKeyRequired = node.get("api_key_required");
        ConfigNode tls = node.get("tls");
        tls.mapping();
        return new GatewayConfig.Provider(name, adapter, node.get("base_url").string(null),
                node.get("requires_proxy").bool(false),
                apiKeyRequired.isPresent() ? apiKeyRequired.bool(true) : null,
                tls.get("insecure_skip_verify").bool(false),
                List.copyOf(models), node.jsonObject());
    }

    /**
     * @param providerRetries the provider's {@code retries}, which the model's own overrides
     */
    private ModelRoute model(String provider, String model, ConfigNode node, int providerRetries) {
        warnUnknown(node, MODEL_KEYS);
        String upstreamModel = ModelRoute.baseModelId(model);
        List<ModelRef> fallbacks = new ArrayList<>();
        for (ConfigNode item : node.get("fallbacks").items()) {
            String id = item.string(null);
            try {
                fallbacks.add(ModelRef.parse(id == null ? "" : id));
            } catch (BridgeException | IllegalArgumentException e) {
                throw item.problem("must name a configured model as provider/model, not '" + id + "'");
            }
        }
        List<Deployment> deployments = new ArrayList<>();
        for (ConfigNode item : node.get("deployments").items()) {
            item.mapping();
            warnUnknown(item, DEPLOYMENT_KEYS);
            String target = item.get("provider").string(null);
            if (target == null) {
                throw item.get("provider").problem("each deployment names its provider");
            }
            deployments.add(new Deployment(new ModelRef(target, item.get("model").string(upstreamModel)),
                    item.get("weight").intIn(1, 1, 1000)));
        }
        return new ModelRoute(new ModelRef(provider, model), upstreamModel, node.get("max_tokens").positiveLong(null),
                seconds(node.get("timeout"), DEFAULT_TIMEOUT), paramRules(node.get("param_config")),
                node.get("retries").intIn(providerRetries, 0, MAX_RETRIES), fallbacks, deployments);
    }

    private ParamRules paramRules(ConfigNode node) {
        if (!node.isPresent()) {
            return ParamRules.NONE;
        }
        warnUnknown(node, PARAM_KEYS);
        Map<String, String> rename = new LinkedHashMap<>();
        ConfigNode renameNode = node.get("rename_params");
        for (String from : renameNode.mapping().keySet()) {
            String to = renameNode.get(from).string(null);
            if (to == null) {
                throw renameNode.get(from).problem("must name the new parameter");
            }
            rename.put(from, to);
        }
        return new ParamRules(node.get("update_params").jsonObject(), node.get("add_params").jsonObject(),
                rename, node.get("delete_params").strings());
    }
}
