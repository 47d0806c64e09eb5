package io.llmbridge.bootstrap;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.adapter.in.ws.OpenAiWebSocketApi;
import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.LogbackAuditLog;
import io.llmbridge.adapter.out.metrics.GatewayMetrics;
import io.llmbridge.adapter.out.tokenizer.JtokkitTokenCounter;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageLedger;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.ContentCapture;
import io.llmbridge.application.service.InMemoryUsageLedger;
import io.llmbridge.application.service.ListModelsService;
import io.llmbridge.application.service.UsageReportService;
import io.llmbridge.domain.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The composition root: wires the adapters around the use cases and serves them. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String API_PREFIX = "/v1";
    private static final String WEBSOCKET_PATH = API_PREFIX + "/ws";
    /**
     * Socket writes a connection may have waiting while its writer thread is busy. With a queue,
     * what a response writes in quick succession (its headers and first chunk, its last chunk and
     * the chunked body's end) goes out in one socket write whenever the writer is not already
     * free: a benchmark stream took three socket writes instead of five, about 10% of its CPU
     * (docs/performance.md). A response that fills the queue waits for room (Helidon gives up
     * after 10 s), so a client that stops reading holds at most this many buffers.
     */
    private static final int WRITE_QUEUE_LENGTH = 8;

    private final WebServer server;
    private final OpenAiWebSocketApi webSocket;
    private final LogbackAuditLog audit;

    private Gateway(WebServer server, OpenAiWebSocketApi webSocket, LogbackAuditLog audit) {
        this.server = server;
        this.webSocket = webSocket;
        this.audit = audit;
    }

    /**
     * Helidon's global meter registry, begun on a thread of its own: its first use discovers
     * Helidon's services and sets up Micrometer, about a fifth of start-up that needs no
     * configuration, so {@link Main} begins it before reading the file.
     */
    static CompletableFuture<MeterRegistry> metricsRegistry() {
        return CompletableFuture.supplyAsync(Metrics::globalRegistry,
                task -> Thread.ofPlatform().daemon().name("metrics-start").start(task));
    }

    /**
     * @param metrics   from {@link #metricsRegistry()}
     * @param observers told of every finished request after the gateway's own recorders (tests
     *                  wait on them instead of polling)
     */
    static Gateway start(GatewayConfig config, Map<String, String> environment, CompletableFuture<MeterRegistry> metrics,
                         List<? extends ChatRecorder> observers) {
        StaticAccessKeys accessKeys = StaticAccessKeys.parse(environment.get(StaticAccessKeys.VARIABLE));
        if (accessKeys.isEmpty()) {
            LOG.warn("*** {} is empty: every request to this gateway will be refused with 401. "
                    + "Set it in the environment or .env. ***", StaticAccessKeys.VARIABLE);
        } else {
            LOG.info("{} access key(s) loaded", accessKeys.size());
        }
        ConfiguredCatalog catalog = new ConfiguredCatalog(
                config.providers().stream().flatMap(p -> p.models().stream()).toList(), Instant.now());
        // Joined before this thread first uses Helidon, so the two never initialise its classes at once.
        MeterRegistry registry = joined(metrics);
        ProviderRegistry providers = new ProviderRegistry(config, environment);
        LogbackAuditLog audit = openAudit(config, secrets(config, accessKeys, environment));
        try {
            return serve(config, accessKeys, catalog, providers, audit, registry, observers);
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
    }

    private static MeterRegistry joined(CompletableFuture<MeterRegistry> metrics) {
        try {
            return metrics.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static Gateway serve(GatewayConfig config, StaticAccessKeys accessKeys, ConfiguredCatalog catalog,
                                 ProviderRegistry providers, LogbackAuditLog audit, MeterRegistry registry,
                                 List<? extends ChatRecorder> observers) {
        UsageLedger ledger = new InMemoryUsageLedger(Clock.systemUTC());
        // Helidon serves its global registry on /observe/metrics.
        List<ChatRecorder> recorders = new ArrayList<>(List.of(audit, ledger, new GatewayMetrics(registry, config.metrics().perKey())));
        recorders.addAll(observers);

        GatewayConfig.Audit auditConfig = config.logging().audit();
        ContentCapture capture = auditConfig.includeContent() ? new ContentCapture(auditConfig.maxContentChars()) : ContentCapture.OFF;
        AccessKeyAuthentication authentication = new AccessKeyAuthentication(accessKeys, recorders);
        JtokkitTokenCounter tokens = JtokkitTokenCounter.shared();
        ChatCompletionService chat = new ChatCompletionService(catalog, providers, recorders, tokens, capture, config.resilience());
        OpenAiHttpApi api = new OpenAiHttpApi(authentication, chat, new ListModelsService(catalog),
                new UsageReportService(ledger), config.server().maxBodyBytes(), config.server().trustedProxies());
        OpenAiWebSocketApi webSocket = new OpenAiWebSocketApi(authentication, chat, config.server().webSocket());
        var builder = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                // Streams are flushed chunk by chunk: with Nagle on, each small write after the
                // first waits for the client's delayed ACK (~40 ms on Linux) before it leaves.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .writeQueueLength(WRITE_QUEUE_LENGTH)
                // Response headers are the gateway's own (content type, request id, configured
                // model names); checking each one's format again on every response cost 2% of a
                // request. Request headers, which clients send, are still validated.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).build())
                // Main's own hook stops the server first, then the audit and the log, in that order.
                .shutdownHook(false)
                .addFeature(ObserveFeature.builder()
                        .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                        .addObserver(HealthObserver.builder().details(true).addCheck(new ProvidersReadiness(providers)).build())
                        .build())
                .routing(routing -> routing.register(API_PREFIX, api));
        webSocket.addTo(builder, WEBSOCKET_PATH);
        WebServer server = builder.build().start();
        LOG.info("LLM Bridge serves {} model(s) on http://{}:{}{} and ws://{}:{}{}; audit to {}{}", catalog.all().size(),
                config.server().host(), server.port(), API_PREFIX, config.server().host(), server.port(), WEBSOCKET_PATH,
                auditConfig.file().path(),
                auditConfig.logstash() == null ? "" : " and " + auditConfig.logstash().host() + ":" + auditConfig.logstash().port());
        return new Gateway(server, webSocket, audit);
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
            secrets.addAll(ProviderRegistry.keys(environment.get(provider.apiKeyVariable())));
        }
        return secrets;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            server.stop();
            webSocket.close();
        } finally {
            audit.close();
        }
    }
}
