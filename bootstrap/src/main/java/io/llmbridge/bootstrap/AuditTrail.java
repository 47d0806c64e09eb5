package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.adapter.out.audit.LogbackAuditLog;
import io.llmbridge.domain.Secret;

import javax.net.ssl.SSLContext;
import java.security.cert.X509Certificate;
import java.util.List;

/** Opens the audit log of {@code logging.audit}; a file that cannot be written stops the start. */
final class AuditTrail {
    private AuditTrail() {
    }

    /** Logstash over TLS trusts what upstreams are trusted with: the JDK's CAs and {@code tls.trust_store}. */
    private static SSLContext logstashTrust(GatewayConfig config) {
        List<X509Certificate> companyCa = config.network().extraTrust();
        return companyCa.isEmpty() ? null : UpstreamClients.trust(companyCa);
    }

    static LogbackAuditLog open(GatewayConfig config, List<Secret> secrets) {
        GatewayConfig.Audit audit = config.logging().audit();
        try {
            return LogbackAuditLog.open(new AuditSettings(audit.file(), audit.logstash(), secrets,
                    AuditSettings.DEFAULT_REFUSAL_INTERVAL, logstashTrust(config)));
        } catch (IllegalStateException e) {
            throw new ConfigProblem(config.file().toString(), "logging.audit.path", e.getMessage());
        }
    }
}
