package io.llmbridge.bootstrap;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.adapter.in.ws.OpenAiWebSocketApi;
import io.llmbridge.adapter.out.metrics.GatewayMetrics;
import io.llmbridge.adapter.out.tokenizer.JtokkitTokenCounter;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageLedger;
import io.llmbridge.application.service.InMemoryUsageLedger;
import io.llmbridge.application.service.UsageReportService;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.ListModelsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The composition root: wires the adapters around the use cases and serves them. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String API_PREFIX = "/v1";
    private static final String WEBSOCKET_PATH = API_PREFIX + "/ws";

    private final WebServer server;
    private final OpenAiWebSocketApi webSocket;

    private Gateway(WebServer server, OpenAiWebSocketApi webSocket) {
        this.server = server;
        this.webSocket = webSocket;
    }

    static Gateway start(GatewayConfig config, Map<String, String> environment) {
        return start(config, environment, List.of());
    }

    /**
     * @param observers told of every finished request after the gateway's own recorders (tests
     *                  wait on them instead of polling)
     */
    static Gateway start(GatewayConfig config, Map<String, String> environment, List<? extends ChatRecorder> observers) {
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

        UsageLedger ledger = new InMemoryUsageLedger(Clock.systemUTC());
        // Helidon serves its global registry on /observe/metrics.
        MeterRegistry registry = Metrics.globalRegistry();
        List<ChatRecorder> recorders = new ArrayList<>(List.of(ledger, new GatewayMetrics(registry, config.metrics().perKey())));
        recorders.addAll(observers);
        AccessKeyAuthentication authentication = new AccessKeyAuthentication(accessKeys, recorders);
        ChatCompletionService chat = new ChatCompletionService(catalog, providers, recorders, JtokkitTokenCounter.shared(),
                config.resilience());
        OpenAiHttpApi api = new OpenAiHttpApi(authentication, chat, new ListModelsService(catalog),
                new UsageReportService(ledger), config.server().maxBodyBytes());
        OpenAiWebSocketApi webSocket = new OpenAiWebSocketApi(authentication, chat, config.server().webSocket());
        var builder = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .shutdownHook(true)
                .addFeature(ObserveFeature.builder()
                        .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                        .addObserver(HealthObserver.builder().details(true).addCheck(new ProvidersReadiness(providers)).build())
                        .build())
                .routing(routing -> routing.register(API_PREFIX, api));
        webSocket.addTo(builder, WEBSOCKET_PATH);
        WebServer server = builder.build().start();
        LOG.info("LLM Bridge serves {} model(s) on http://{}:{}{} and ws://{}:{}{}", catalog.all().size(),
                config.server().host(), server.port(), API_PREFIX, config.server().host(), server.port(), WEBSOCKET_PATH);
        return new Gateway(server, webSocket);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        webSocket.close();
    }

}
