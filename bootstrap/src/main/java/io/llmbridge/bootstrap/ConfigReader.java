package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.adapter.in.http.TrustedProxies;
import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.RollingFile;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;

import java.nio.file.Path;
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
    private static final Set<String> MODEL_KEYS = Set.of("max_tokens", "timeout", "param_config");
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
        return new GatewayConfig(file, serverSettings, List.copyOf(providers), logging(root.get("logging")),
                metrics(root.get("metrics")));
    }

    private GatewayConfig.Metrics metrics(ConfigNode node) {
        warnUnknown(node, METRICS_KEYS);
        return new GatewayConfig.Metrics(node.get("per_key").bool(false));
    }

    private void warnUnknown(ConfigNode node, Set<String> known) {
        node.mapping().keySet().stream().filter(key -> !known.contains(key)).forEach(key ->
                warnings.accept(node.get(key).path() + " is not a known setting (known: " + known.stream().sorted().toList() + "); ignored"));
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
        List<ModelRoute> models = new ArrayList<>();
        for (String model : modelsNode.mapping().keySet()) {
            models.add(model(name, model, modelsNode.get(model)));
        }
        // Read by the openai adapter from the provider's options; checked here so that a wrong
        // value stops the start with its key named.
        node.get("stream_usage").bool(true);
        ConfigNode apiKeyRequired = node.get("api_key_required");
        return new GatewayConfig.Provider(name, adapter, node.get("base_url").string(null),
                node.get("requires_proxy").bool(false),
                apiKeyRequired.isPresent() ? apiKeyRequired.bool(true) : null,
                List.copyOf(models), node.jsonObject());
    }

    private ModelRoute model(String provider, String model, ConfigNode node) {
        warnUnknown(node, MODEL_KEYS);
        Duration timeout = seconds(node.get("timeout"), DEFAULT_TIMEOUT);
        return new ModelRoute(new ModelRef(provider, model), ModelRoute.baseModelId(model),
                node.get("max_tokens").positiveLong(null), timeout, paramRules(node.get("param_config")));
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
