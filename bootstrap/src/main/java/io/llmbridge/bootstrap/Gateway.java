package io.llmbridge.bootstrap;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.in.http.OpenAiHttpApi;
import io.llmbridge.application.service.AccessKeyAuthentication;
import io.llmbridge.application.service.ChatCompletionService;
import io.llmbridge.application.service.ListModelsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

import java.util.Map;

/** The composition root: wires the adapters around the use cases and serves them. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String API_PREFIX = "/v1";

    private final WebServer server;

    private Gateway(WebServer server) {
        this.server = server;
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

        OpenAiHttpApi api = new OpenAiHttpApi(new AccessKeyAuthentication(accessKeys),
                new ChatCompletionService(catalog, providers), new ListModelsService(catalog),
                config.server().maxBodyBytes());
        WebServer server = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                // Streams are flushed chunk by chunk: with Nagle on, each small write after the
                // first waits for the client's delayed ACK (~40 ms on Linux) before it leaves.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .shutdownHook(true)
                .routing(routing -> routing.register(API_PREFIX, api))
                .build()
                .start();
        LOG.info("LLM Bridge serves {} model(s) on http://{}:{}{}", catalog.all().size(),
                config.server().host(), server.port(), API_PREFIX);
        return new Gateway(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

}
