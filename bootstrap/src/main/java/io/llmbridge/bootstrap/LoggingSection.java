package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.RollingFile;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The {@code logging} section: the application log, and under {@code audit} the audit trail. */
final class LoggingSection {
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
    private static final Set<String> LOGSTASH_KEYS = Set.of("host", "port", "tls");

    private LoggingSection() {
    }

    static GatewayConfig.Logging read(ConfigNode node, Consumer<String> warnings) {
        node.warnUnknown(LOGGING_KEYS, warnings);
        String format = node.get("format").string("json");
        if (!format.equals("json") && !format.equals("text")) {
            throw node.get("format").problem("must be json or text, not '" + format + "'");
        }
        String level = node.get("level").string("info");
        String logbackLevel = LEVELS.get(level.toLowerCase(Locale.ROOT));
        if (logbackLevel == null) {
            throw node.get("level").problem("must be one of trace, debug, info, warn, error, not '" + level + "'");
        }
        ConfigNode output = node.get("output");
        output.warnUnknown(OUTPUT_KEYS, warnings);
        ConfigNode file = output.get("file");
        file.warnUnknown(FILE_KEYS, warnings);
        return new GatewayConfig.Logging(GatewayConfig.Logging.Format.valueOf(format.toUpperCase(Locale.ROOT)),
                logbackLevel, output.get("console").bool(true),
                file.isPresent() ? rollingFile(file, DEFAULT_LOG_FILE) : null, audit(node.get("audit"), warnings));
    }

    private static GatewayConfig.Audit audit(ConfigNode node, Consumer<String> warnings) {
        node.warnUnknown(AUDIT_KEYS, warnings);
        ConfigNode logstash = node.get("logstash");
        AuditSettings.Logstash shipping = null;
        if (logstash.isPresent()) {
            logstash.warnUnknown(LOGSTASH_KEYS, warnings);
            String host = logstash.get("host").string(null);
            if (host == null) {
                throw logstash.get("host").problem("is required to ship the audit to Logstash");
            }
            shipping = new AuditSettings.Logstash(host, logstash.get("port").intIn(DEFAULT_LOGSTASH_PORT, 1, 65535))
                    .withTls(logstash.get("tls").bool(false));
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
}
