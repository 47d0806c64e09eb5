package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.LogbackAuditLog;
import io.llmbridge.domain.Secret;

import java.util.List;

/** Opens the audit log of {@code logging.audit}; a file that cannot be written stops the start. */
final class AuditTrail {
    private AuditTrail() {
    }

    static LogbackAuditLog open(GatewayConfig config, List<Secret> secrets) {
        GatewayConfig.Audit audit = config.logging().audit();
        try {
            return LogbackAuditLog.open(new AuditSettings(audit.file(), audit.logstash(), secrets));
        } catch (IllegalStateException e) {
            throw new ConfigProblem(config.file().toString(), "logging.audit.path", e.getMessage());
        }
    }
}
