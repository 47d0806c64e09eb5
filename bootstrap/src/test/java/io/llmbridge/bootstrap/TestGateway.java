package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatRecorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The real gateway, started through {@link Main} on a random port with a test configuration. */
final class TestGateway implements AutoCloseable {
    static final String ACCESS_KEY = "test-access-key-7f3a9c";
    static final String PROVIDER_KEY = "sk-test-upstream-key-5b2e8d";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final Path dir;

    private TestGateway(Gateway gateway, Path dir) {
        this.gateway = gateway;
        this.dir = dir;
    }

    /**
     * @param providersYaml the {@code providers:} entries, indented by two spaces
     */
    static TestGateway start(String providersYaml, Map<String, String> extraEnvironment) {
        return start("", providersYaml, "", extraEnvironment, TestGateway::quietLogging, List.of());
    }

    /**
     * @param moreYaml top-level sections after {@code providers:} ({@code proxy}, {@code tls},
     *                 {@code resilience}, …), unindented
     */
    static TestGateway start(String providersYaml, String moreYaml, Map<String, String> extraEnvironment) {
        return start("", providersYaml, moreYaml, extraEnvironment, TestGateway::quietLogging, List.of());
    }

    /** Like {@link #start(String, String, Map)}, with the whole {@code logging:} section given the test's folder. */
    static TestGateway startLogging(String providersYaml, String moreYaml, Map<String, String> extraEnvironment,
                                    Function<Path, String> loggingYaml) {
        return start("", providersYaml, moreYaml, extraEnvironment, loggingYaml, List.of());
    }

    /**
     * @param moreYaml  top-level sections after {@code providers:} (e.g. {@code metrics:})
     * @param observers told of every finished request after the gateway's own recorders
     */
    static TestGateway start(String providersYaml, String moreYaml, Map<String, String> extraEnvironment,
                             List<? extends ChatRecorder> observers) {
        return start("", providersYaml, moreYaml, extraEnvironment, TestGateway::quietLogging, observers);
    }

    /**
     * @param serverYaml    more {@code server:} settings, indented by two spaces
     * @param loggingYaml   the whole {@code logging:} section, given the test's own folder
     */
    static TestGateway start(String serverYaml, String providersYaml, Map<String, String> extraEnvironment,
                             Function<Path, String> loggingYaml) {
        return start(serverYaml, providersYaml, "", extraEnvironment, loggingYaml, List.of());
    }

    /** Like {@link #start(String, String, Map)}, with more {@code server:} settings, indented by two spaces. */
    static TestGateway startServing(String serverYaml, String providersYaml, String moreYaml, Map<String, String> extraEnvironment) {
        return start(serverYaml, providersYaml, moreYaml, extraEnvironment, TestGateway::quietLogging, List.of());
    }

    /** The {@code logging:} section most tests want: warnings only, the audit in the test's folder. */
    static String quietLogging(Path dir) {
        return "logging:\n  level: warn\n  audit:\n    path: \"" + dir.resolve("audit.log") + "\"\n";
    }

    private static TestGateway start(String serverYaml, String providersYaml, String moreYaml, Map<String, String> extraEnvironment,
                                     Function<Path, String> loggingYaml, List<? extends ChatRecorder> observers) {
        try {
            Path dir = Files.createTempDirectory("llm-bridge-test");
            Path config = dir.resolve("config.yaml");
            // Never the repository's data/: each gateway its own embedded store, unless the test names one.
            String store = moreYaml.startsWith("store:") || moreYaml.contains("\nstore:") ? "" : storeYaml(dir);
            Files.writeString(config, "server:\n  port: 0\n  host: 127.0.0.1\n  max_body_size: 65536\n" + serverYaml
                    + "providers:\n" + providersYaml + moreYaml + store + loggingYaml.apply(dir));
            Map<String, String> environment = new HashMap<>(extraEnvironment);
            environment.putIfAbsent("ACCESS_API_KEYS", "{\"" + ACCESS_KEY + "\":\"test-team\"}");
            environment.put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
            return new TestGateway(Main.start(new String[]{"--config", config.toString()}, environment, observers), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code store:} section with an embedded database in {@code dir}. */
    static String storeYaml(Path dir) {
        return "store:\n  url: \"jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + "\"\n";
    }

    Path dir() {
        return dir;
    }

    Path auditFile() {
        return dir.resolve("audit.log");
    }

    /** The audit event of one request, once the audit's writer has put it in the file. */
    Map<String, Object> auditEvent(String requestId) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (true) {
            for (Map<String, Object> event : auditEvents()) {
                if (requestId.equals(event.get("llm.request_id"))) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no audit event for " + requestId + " within " + GENEROUS + " in " + auditFile());
            }
            Thread.onSpinWait();
        }
    }

    List<Map<String, Object>> auditEvents() {
        try {
            if (!Files.exists(auditFile())) {
                return List.of();
            }
            // A line still being written has no newline yet; only whole lines are events.
            String text = Files.readString(auditFile());
            List<Map<String, Object>> events = new ArrayList<>();
            text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(line -> events.add(PlainJson.parseObject(line)));
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id the gateway gave a request, from the header every answer carries. */
    static String requestId(HttpResponse<?> response) {
        return response.headers().firstValue("x-llmbridge-request-id").orElseThrow(() -> new AssertionError("no request id"));
    }

    /** Puts back logback-test.xml after a test that reconfigured logging through the gateway. */
    static void restoreTestLogging() {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a chat request with the test's access key over a plain socket, for tests that decide
     * themselves how (and whether) the answer is read.
     */
    static void sendChat(Socket socket, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ACCESS_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Reads an answer's status line and headers, to the blank line; the request id they carry, or null. */
    static String requestIdOfHead(BufferedReader in) throws IOException {
        String requestId = null;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-llmbridge-request-id:")) {
                requestId = line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return requestId;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gateway.port() + "/v1";
    }

    int port() {
        return gateway.port();
    }

    int observePort() {
        return gateway.observePort();
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

    /** A streamed chat, once its first event has arrived: the stream is in flight until the returned body is closed. */
    InputStream streamBegun(String body, String accessKey) {
        try {
            HttpResponse<InputStream> streaming = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer " + accessKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (streaming.statusCode() != 200) {
                throw new AssertionError("the stream was refused: " + new String(streaming.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            // Byte by byte: a buffered reader would take more than the first event out of the stream.
            for (int c = streaming.body().read(); c != '\n'; c = streaming.body().read()) {
                if (c < 0) {
                    throw new AssertionError("the stream ended before its first event");
                }
            }
            return streaming.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
