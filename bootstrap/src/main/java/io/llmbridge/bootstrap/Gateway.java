package io.llmbridge.bootstrap;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.adapter.in.ws.OpenAiWebSocketApi;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.ListModelsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
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

        List<ChatRecorder> recorders = List.of();
        AccessKeyAuthentication authentication = new AccessKeyAuthentication(accessKeys, recorders);
        ChatCompletionService chat = new ChatCompletionService(catalog, providers, recorders, config.resilience());
        OpenAiHttpApi api = new OpenAiHttpApi(authentication, chat, new ListModelsService(catalog),
                config.server().maxBodyBytes());
        OpenAiWebSocketApi webSocket = new OpenAiWebSocketApi(authentication, chat, config.server().webSocket());
        var builder = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .shutdownHook(true)
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
