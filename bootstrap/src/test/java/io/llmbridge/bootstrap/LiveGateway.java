package io.llmbridge.bootstrap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real gateway for one test class, started as {@code Main} starts it on a free port, with its
 * upstreams: the offline echo provider, provider {@code scripted} (model {@code slow}) on a
 * {@link ScriptedUpstream}, and, when asked for, provider {@code mock} (models {@code gpt-test},
 * {@code gpt-broken}) on MockServer.
 */
final class LiveGateway implements BeforeAllCallback, AfterAllCallback {
    static final String ALICE_KEY = "sk-test-alice-5c1e9b7d";

    private final String webSocketYaml;
    private boolean withMockServer;
    private Path dir;
    private ClientAndServer mock;
    private ScriptedUpstream upstream;
    private Gateway gateway;

    private LiveGateway(String webSocketYaml) {
        this.webSocketYaml = webSocketYaml;
    }

    /** @param webSocketYaml the {@code server.websocket} mapping in flow style, e.g. {@code {idle_timeout: 1}} */
    static LiveGateway withWebSocket(String webSocketYaml) {
        return new LiveGateway(webSocketYaml);
    }

    LiveGateway andMockServer() {
        withMockServer = true;
        return this;
    }

    int port() {
        return gateway.port();
    }

    ClientAndServer mock() {
        return mock;
    }

    ScriptedUpstream upstream() {
        return upstream;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("llm-bridge-test");
        upstream = new ScriptedUpstream();
        int mockPort = 9; // discard: nothing answers there
        if (withMockServer) {
            ConfigurationProperties.logLevel("WARN");
            mock = ClientAndServer.startClientAndServer(0);
            mockPort = mock.getPort();
        }
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: 0
                  websocket: %s
                providers:
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                  mock:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      gpt-test: {timeout: 10}
                      gpt-broken: {timeout: 10}
                  scripted:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      slow: {timeout: 30}
                logging:
                  level: warn
                """.formatted(webSocketYaml, mockPort, upstream.port()) + TestGateway.storeYaml(dir));
        Map<String, String> environment = Map.of(
                "ACCESS_API_KEYS", "{\"" + ALICE_KEY + "\": \"alice\"}",
                "MOCK_API_KEY", "sk-upstream",
                "SCRIPTED_API_KEY", "sk-upstream",
                "LLM_BRIDGE_ENV_FILE", dir.resolve("no.env").toString());
        gateway = Main.start(new String[] {"--config", config.toString()}, environment);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        gateway.close();
        upstream.close();
        if (mock != null) {
            mock.stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(LiveGateway::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a chat (with an id, or none for the original protocol) to the scripted upstream and
     * waits until its first chunk has reached the client.
     */
    ScriptedUpstream.Exchange streamingChat(WsTestClient client, String id) throws Exception {
        client.send(id == null ? chat(ALICE_KEY, "scripted/slow", "hello") : chat(id, ALICE_KEY, "scripted/slow", "hello"));
        ScriptedUpstream.Exchange exchange = upstream.nextExchange();
        exchange.send(OpenAiChunks.content("partial", null));
        String chunk = OpenAiChunks.content("partial", null);
        assertEquals(id == null ? WsFrames.data(chunk) : WsFrames.envelope(id, "chunk", chunk), client.next());
        return exchange;
    }

    /** A chat message of the original protocol. */
    static String chat(String apiKey, String model, String userText) {
        return "{\"type\":\"chat\",\"api_key\":\"" + apiKey + "\",\"payload\":{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]}}";
    }

    /** A chat message with an id, for multiplexing. */
    static String chat(String id, String apiKey, String model, String userText) {
        return "{\"type\":\"chat\",\"id\":\"" + id + "\"," + chat(apiKey, model, userText).substring(1);
    }
}
