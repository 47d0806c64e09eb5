package io.llmbridge.bootstrap;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.LogbackAuditLog;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.ContentCapture;
import io.llmbridge.application.service.ListModelsService;
import io.llmbridge.domain.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The composition root: wires the adapters around the use cases and serves them. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String API_PREFIX = "/v1";

    private final WebServer server;
    private final LogbackAuditLog audit;

    private Gateway(WebServer server, LogbackAuditLog audit) {
        this.server = server;
        this.audit = audit;
    }

    static Gateway start(GatewayConfig config, Map<String, String> environment) {
        StaticAccessKeys accessKeys = StaticAccessKeys.parse(environment.get(StaticAccessKeys.VARIABLE));
        if (accessKeys.isEmpty()) {
            LOG.warn("*** {} is empty: every request to this gateway will be refused with 401. "
                    + "Set it in the environment or .env. ***", StaticAccessKeys.VARIABLE);
        } else {
            LOG.info("{} access key(s) loaded", accessKeys.size());
        }
        ConfiguredCatalog catalog = new ConfiguredCatalog(
                config.providers().stream().flatMap(p -> p.models().stream()).toList(), Instant.now());
        ProviderRegistry providers = new ProviderRegistry(config, environment);

        LogbackAuditLog audit = openAudit(config, secrets(config, accessKeys, environment));
        try {
            List<ChatRecorder> recorders = List.of(audit);
            GatewayConfig.Audit auditConfig = config.logging().audit();
            ContentCapture capture = auditConfig.includeContent() ? new ContentCapture(auditConfig.maxContentChars()) : ContentCapture.OFF;
            OpenAiHttpApi api = new OpenAiHttpApi(new AccessKeyAuthentication(accessKeys, recorders),
                    new ChatCompletionService(catalog, providers, recorders, capture), new ListModelsService(catalog),
                    config.server().maxBodyBytes(), config.server().trustedProxies());
            WebServer server = WebServer.builder()
                    .host(config.server().host())
                    .port(config.server().port())
                    // Main's own hook stops the server first, then the audit and the log, in that order.
                    .shutdownHook(false)
                    .routing(routing -> routing.register(API_PREFIX, api))
                    .build()
                    .start();
            LOG.info("LLM Bridge serves {} model(s) on http://{}:{}{}; audit to {}{}", catalog.all().size(),
                    config.server().host(), server.port(), API_PREFIX, auditConfig.file().path(),
                    auditConfig.logstash() == null ? "" : " and " + auditConfig.logstash().host() + ":" + auditConfig.logstash().port());
            return new Gateway(server, audit);
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
    }

    private static LogbackAuditLog openAudit(GatewayConfig config, List<Secret> secrets) {
        GatewayConfig.Audit audit = config.logging().audit();
        try {
            return LogbackAuditLog.open(new AuditSettings(audit.file(), audit.logstash(), secrets));
        } catch (IllegalStateException e) {
            throw new ConfigProblem(config.file().toString(), "logging.audit.path", e.getMessage());
        }
    }

    /** Every key the gateway holds, so the audit can mask any that a message or prompt echoes. */
    private static List<Secret> secrets(GatewayConfig config, StaticAccessKeys accessKeys, Map<String, String> environment) {
        List<Secret> secrets = new ArrayList<>(accessKeys.secrets());
        for (GatewayConfig.Provider provider : config.providers()) {
            String key = environment.get(provider.apiKeyVariable());
            if (key != null && !key.isBlank()) {
                secrets.add(new Secret(key.strip()));
            }
        }
        return secrets;
    }

    public int port() {
        return server.port();
    }

    /** Stops serving, then writes out the audit: requests that end while stopping are audited too. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            audit.close();
        }
    }
}
