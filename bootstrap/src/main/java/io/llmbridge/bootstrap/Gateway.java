package io.llmbridge.bootstrap;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.llmbridge.adapter.in.anthropic.AnthropicMessagesApi;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.adapter.in.ws.OpenAiWebSocketApi;
import io.llmbridge.adapter.out.audit.LogbackAuditLog;
import io.llmbridge.adapter.out.config.ConfiguredCatalog;
import io.llmbridge.adapter.out.config.StaticAccessKeys;
import io.llmbridge.adapter.out.metrics.GatewayMetrics;
import io.llmbridge.adapter.out.metrics.GenAiMeters;
import io.llmbridge.adapter.out.metrics.QuotaMeters;
import io.llmbridge.adapter.out.metrics.TraceExportMeters;
import io.llmbridge.adapter.out.metrics.UsageBacklogGauges;
import io.llmbridge.adapter.out.store.JdbcStore;
import io.llmbridge.adapter.out.tokenizer.JtokkitTokenCounter;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.Quotas;
import io.llmbridge.application.service.EmbeddingsService;
import io.llmbridge.application.service.PassThroughService;
import io.llmbridge.application.service.ContentCapture;
import io.llmbridge.application.service.KeyAdministrationService;
import io.llmbridge.application.service.LimitsService;
import io.llmbridge.application.service.ListModelsService;
import io.llmbridge.application.service.ManagedAccessKeys;
import io.llmbridge.application.service.Upstreams;
import io.llmbridge.application.service.UsageRecorder;
import io.llmbridge.application.service.UsageReportService;
import io.llmbridge.domain.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The composition root: wires the adapters around the use cases and serves them. What needs
 * closing is pushed on {@link #closing} as it is opened, so a new resource is one line here and
 * is closed, after the server has stopped, before everything opened earlier.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String API_PREFIX = "/v1";
    private static final String WEBSOCKET_PATH = API_PREFIX + "/ws";
    /** How often the managed keys' version is polled: a revocation elsewhere is refused here within about this. */
    private static final Duration KEY_POLL = Duration.ofSeconds(1);

    private final WebServer server;
    private final Deque<Runnable> closing;
    private final Drain drain;
    private final OpenAiWebSocketApi webSocket;

    private Gateway(WebServer server, Deque<Runnable> closing, Drain drain, OpenAiWebSocketApi webSocket) {
        this.server = server;
        this.closing = closing;
        this.drain = drain;
        this.webSocket = webSocket;
    }

    /**
     * @param metrics   from {@link ObserveEndpoints#metricsRegistry()}
     * @param observers told of every finished request after the gateway's own recorders (tests
     *                  wait on them instead of polling)
     */
    static Gateway start(GatewayConfig config, Map<String, String> environment, CompletableFuture<MeterRegistry> metrics,
                         List<? extends ChatRecorder> observers) {
        StaticAccessKeys accessKeys = AccessKeysVariable.read(environment);
        ConfiguredCatalog catalog = new ConfiguredCatalog(
                config.providers().stream().flatMap(p -> p.models().stream()).toList(), Instant.now());
        MeterRegistry registry = ObserveEndpoints.joined(metrics);
        ProviderRegistry providers = new ProviderRegistry(config, environment);
        Deque<Runnable> closing = new ArrayDeque<>();
        try {
            List<Secret> secrets = GatewaySecrets.of(config, accessKeys, environment);
            LoggingSetup.mask(secrets);
            TraceExport traces = TraceExport.open(config);
            closing.push(traces::close);
            TraceExportMeters.register(registry, traces::droppedSpans, traces::lostSpans);
            LogbackAuditLog audit = AuditTrail.open(config, secrets);
            closing.push(audit::close);
            JdbcStore store = StoreOpening.open(config.file(), config.store());
            closing.push(store::close);
            UsageBacklogGauges.register(registry, store.usage());
            // Helidon serves its global registry on /observe/metrics.
            List<ChatRecorder> recorders = new ArrayList<>(List.of(audit, new GatewayMetrics(registry, config.metrics().perKey()),
                    new GenAiMeters(registry)));
            if (config.usageRows()) {
                recorders.add(1, new UsageRecorder(store.usage(), config.prices(), Clock.systemUTC()));
            }
            traces.addRecorder(recorders);
            recorders.addAll(observers);

            Drain drain = new Drain(config.server().drain());
            ManagedAccessKeys keys = new ManagedAccessKeys(store.keys(), accessKeys, Clock.systemUTC()).polling(KEY_POLL);
            closing.push(keys::close);
            QuotaGate quotaGate = QuotaOpening.open(config, accessKeys, store.keys());
            closing.push(quotaGate::close);
            QuotaMeters.register(registry, quotaGate);
            Quotas quotas = QuotaOpening.quotas(quotaGate, config);
            AccessKeyAuthentication authentication = new AccessKeyAuthentication(keys, recorders);
            Upstreams upstreams = new Upstreams(catalog, providers, config.resilience(), traces.calls());
            ChatCompletionService chat = new ChatCompletionService(catalog, recorders, JtokkitTokenCounter.shared(),
                    contentCapture(config.logging().audit()), upstreams, quotas);
            PassThroughService relay = new PassThroughService(catalog, providers, recorders, upstreams, quotas);
            OpenAiHttpApi api = new OpenAiHttpApi(authentication, chat, new ListModelsService(catalog, recorders),
                    new UsageReportService(store.usage(), config.prices(), recorders), config.server().maxBodyBytes(),
                    config.server().trustedProxies(), config.server().bounds().bodyTimeout(), drain,
                    new EmbeddingsService(catalog, recorders, JtokkitTokenCounter.shared(), upstreams, quotas),
                    new KeyAdministrationService(store.keys(), accessKeys, catalog, recorders, Clock.systemUTC(), keys::refresh),
                    relay)
                    .serving(new LimitsService(quotas), authentication, config.server().trustedProxies());
            OpenAiWebSocketApi webSocket = new OpenAiWebSocketApi(authentication, traces.perChat(chat, WEBSOCKET_PATH),
                    config.server().webSocket(),
                    config.server().trustedProxies(), drain);
            closing.push(webSocket::close);

            WebServerConfig.Builder server = ServerTuning.builder(config.server())
                    .addFeature(ObserveEndpoints.feature(config.server(), registry, providers, drain.readiness(),
                            new StoreReadiness(store.keys(), store.usage()), new QuotaReadiness(quotaGate, config.limits().onBackendFailure())))
                    // The Messages surface first: it has no catch-all, the OpenAI surface answers every other path.
                    .routing(routing -> {
                        traces.addTo(routing, API_PREFIX);
                        routing.register(API_PREFIX, new AnthropicMessagesApi(authentication, chat,
                                JtokkitTokenCounter.shared(), config.server().maxBodyBytes(), config.server().trustedProxies(),
                                config.server().bounds().bodyTimeout(), drain, relay), api);
                    });
            webSocket.addTo(server, WEBSOCKET_PATH);
            Gateway gateway = new Gateway(server.build().start(), closing, drain, webSocket);
            gateway.logServing(config, catalog.all().size());
            return gateway;
        } catch (RuntimeException e) {
            closeAll(closing);
            throw e;
        }
    }

    private static ContentCapture contentCapture(GatewayConfig.Audit audit) {
        return audit.includeContent() ? new ContentCapture(audit.maxContentChars()) : ContentCapture.OFF;
    }

    private void logServing(GatewayConfig config, int models) {
        GatewayConfig.Audit audit = config.logging().audit();
        String host = config.server().host();
        LOG.info("LLM Bridge serves {} model(s) on http://{}:{}{} and ws://{}:{}{}, /observe on port {}; audit to {}{}", models,
                host, port(), API_PREFIX, host, port(), WEBSOCKET_PATH, observePort(), audit.file().path(),
                audit.logstash() == null ? "" : " and " + audit.logstash().host() + ":" + audit.logstash().port());
    }

    public int port() {
        return server.port();
    }

    /** The port {@code /observe} is served on: {@code server.management_port}'s, or {@link #port()}. */
    int observePort() {
        int management = server.port(ObserveEndpoints.MANAGEMENT_SOCKET);
        return management > 0 ? management : port();
    }

    /**
     * Drains (docs/deployment.md, "Drain"): returns once every chat in flight has ended or been
     * ended, and WebSocket connections are closed with 1001; {@link #close()} then stops the rest.
     */
    void drain() {
        drain.run();
        webSocket.goingAway();
    }

    /** A second signal during {@link #drain()}: skip what is left of its waits. */
    void hurry() {
        drain.hurry();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            closeAll(closing);
        }
    }

    /** Runs every closer, last pushed first, even when one fails; the first failure is thrown. */
    private static void closeAll(Deque<Runnable> closing) {
        RuntimeException failure = null;
        while (!closing.isEmpty()) {
            try {
                closing.pop().run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
