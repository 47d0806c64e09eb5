package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs requests that carry every kind of key through the wired gateway with the application log
 * at DEBUG, then reads every line the application log and the audit wrote and fails on any key.
 * The upstream is a plain JDK server (MockServer logs the requests it gets, keys included) that
 * echoes the key it was sent, as some providers do in their error messages.
 */
class SecretsInLogsTest {
    private static final String WRONG_KEY = "wrong-client-key-9d8c7b6a";
    private static final List<String> SECRETS = List.of(TestGateway.ACCESS_KEY, TestGateway.PROVIDER_KEY, WRONG_KEY,
            "Bearer " + TestGateway.ACCESS_KEY, "Bearer " + TestGateway.PROVIDER_KEY, "Bearer " + WRONG_KEY);

    private static HttpServer upstream;
    private static TestGateway gateway;
    private static List<Path> logFiles;

    @BeforeAll
    static void runRequestsThroughTheGateway() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/v1/chat/completions", SecretsInLogsTest::answer);
        upstream.start();
        gateway = TestGateway.start("  trusted_proxies: [\"127.0.0.1\"]\n", """
                  leaky:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      ok: {}
                      stream: {}
                      echo400: {}
                      echo401: {}
                      echo500: {}
                      midstream: {}
                """.formatted(upstream.getAddress().getPort()), Map.of("LEAKY_API_KEY", TestGateway.PROVIDER_KEY),
                dir -> """
                        logging:
                          format: json
                          level: debug
                          output:
                            console: false
                            file: {path: "%s"}
                          audit:
                            path: "%s"
                            include_content: true
                        """.formatted(dir.resolve("app.log"), dir.resolve("audit.log")));
        try {
            String prompt = "my key is " + TestGateway.ACCESS_KEY + " and " + TestGateway.PROVIDER_KEY;
            for (String model : List.of("ok", "stream", "echo400", "echo401", "echo500", "midstream")) {
                gateway.chat(chat("leaky/" + model, prompt, model.equals("stream") || model.equals("midstream")));
            }
            gateway.post("/chat/completions", chat("leaky/ok", prompt, false), WRONG_KEY);
            gateway.post("/chat/completions", chat("leaky/ok", prompt, false), null);
            gateway.chat(chat(TestGateway.ACCESS_KEY, prompt, false));
            TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                    .header("Authorization", "Bearer " + WRONG_KEY).header("X-Forwarded-For", TestGateway.ACCESS_KEY).build());
            TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                    .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).build());
        } finally {
            gateway.close();
            upstream.stop(0);
        }
        try (var files = Files.list(gateway.dir())) {
            logFiles = files.filter(file -> file.getFileName().toString().matches("(app|audit)\\.log(\\.\\d+)?")).toList();
        }
    }

    @AfterAll
    static void restoreLogging() {
        TestGateway.restoreTestLogging();
    }

    private static String chat(String model, String prompt, boolean stream) {
        return PlainJson.write(Map.of("model", model, "stream", stream,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
    }

    /** Echoes the Authorization header it got, in whatever way the model name asks. */
    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String model = (String) PlainJson.parseObject(body).get("model");
        String echo = PlainJson.write("You sent '" + auth + "' (key=" + auth.substring("Bearer ".length()) + ")");
        switch (model) {
            case "ok" -> send(exchange, 200, "application/json", "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":" + echo + "},\"finish_reason\":\"stop\"}]}");
            case "stream" -> send(exchange, 200, "text/event-stream", "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                    + echo + "},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
            case "echo400" -> send(exchange, 400, "application/json", "{\"error\":{\"message\":" + echo + "}}");
            case "echo401" -> send(exchange, 401, "application/json", "{\"error\":{\"message\":" + echo + "}}");
            case "echo500" -> send(exchange, 500, "text/plain", echo);
            default -> send(exchange, 200, "text/event-stream", "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
                    + "\"finish_reason\":null}]}\n\ndata: {\"error\":{\"message\":" + echo + "}}\n\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> lines(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : logFiles) {
            if (file.getFileName().toString().startsWith(prefix)) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    @Test
    void no_log_line_holds_a_key_or_an_authorization_value() throws IOException {
        List<String> lines = new ArrayList<>(lines("app"));
        lines.addAll(lines("audit"));
        for (String line : lines) {
            for (String secret : SECRETS) {
                if (line.contains(secret)) {
                    fail("a log line holds '" + secret.substring(0, 12) + "…': " + line);
                }
            }
        }
    }

    @Test
    void the_run_was_logged_at_debug_and_audited_so_the_grep_saw_something() throws IOException {
        assertTrue(lines("app").stream().anyMatch(line -> line.contains("\"log.level\":\"DEBUG\"")), "DEBUG lines were written");
        List<String> audit = lines("audit");
        // Every request but the listing with a good key (only chat and refused keys are audited).
        assertEquals(10, audit.size(), "one event per request: " + audit);
        assertTrue(audit.stream().anyMatch(line -> line.contains("\"llm.prompt\":\"user: my key is [REDACTED]")), "content was included");
    }

    @Test
    void the_application_log_is_one_json_object_per_line_with_a_plain_string_message() throws IOException {
        List<String> lines = lines("app");
        assertTrue(lines.size() > 1);
        for (String line : lines) {
            Map<String, Object> event = PlainJson.parseObject(line);
            assertTrue(event.get("message") instanceof String, line);
            assertTrue(event.get("@timestamp") instanceof String, line);
            assertTrue(event.get("log.level") instanceof String, line);
        }
    }
}
