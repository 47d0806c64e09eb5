package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.ChatRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real gateway, started through {@link Main} on a random port with a test configuration. */
final class TestGateway implements AutoCloseable {
    static final String ACCESS_KEY = "test-access-key-7f3a9c";
    static final String PROVIDER_KEY = "sk-test-upstream-key-5b2e8d";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Gateway gateway;

    private TestGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * @param providersYaml the {@code providers:} entries, indented by two spaces
     */
    static TestGateway start(String providersYaml, Map<String, String> extraEnvironment) {
        return start(providersYaml, "", extraEnvironment, List.of());
    }

    /**
     * @param moreYaml top-level sections after {@code providers:} ({@code proxy}, {@code metrics}, …);
     *                 without a {@code logging} section, only warnings are logged
     */
    static TestGateway start(String providersYaml, String moreYaml, Map<String, String> extraEnvironment) {
        return start(providersYaml, moreYaml, extraEnvironment, List.of());
    }

    /**
     * @param moreYaml  top-level sections after {@code providers:} (e.g. {@code metrics:})
     * @param observers told of every finished request after the gateway's own recorders
     */
    static TestGateway start(String providersYaml, String moreYaml, Map<String, String> extraEnvironment,
                             List<? extends ChatRecorder> observers) {
        try {
            Path dir = Files.createTempDirectory("llm-bridge-test");
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, "server:\n  port: 0\n  host: 127.0.0.1\n  max_body_size: 65536\nproviders:\n"
                    + providersYaml + moreYaml + (moreYaml.contains("logging:") ? "" : "logging:\n  level: warn\n"));
            Map<String, String> environment = new HashMap<>(extraEnvironment);
            environment.putIfAbsent("ACCESS_API_KEYS", "{\"" + ACCESS_KEY + "\":\"test-team\"}");
            environment.put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
            return new TestGateway(Main.start(new String[]{"--config", config.toString()}, environment, observers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gateway.port() + "/v1";
    }

    int port() {
        return gateway.port();
    }

    HttpResponse<String> post(String path, String body, String accessKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accessKey != null) {
            request.header("Authorization", "Bearer " + accessKey);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String accessKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + accessKey).GET().build());
    }

    /** A path outside {@code /v1}, such as {@code /observe/metrics}, without a key. */
    HttpResponse<String> getRoot(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).GET().build());
    }

    HttpResponse<String> chat(String body) {
        return post("/chat/completions", body, ACCESS_KEY);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
