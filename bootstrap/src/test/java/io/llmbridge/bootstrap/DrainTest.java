package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM on the real gateway, a child JVM: what is in flight finishes, what would outlive the
 * grace period is ended cleanly, new chats are refused, the audit is complete, and the exit is 0.
 * Every wait is for something observable (a line on the child's output, an answer), never a sleep.
 */
class DrainTest {
    private static final long PATIENCE_SECONDS = 60;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private HttpServer upstream;
    private Process child;
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        releases.values().forEach(CountDownLatch::countDown);
        if (child != null) {
            child.destroyForcibly();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void sigterm_drains_what_is_in_flight_ends_what_outlives_the_grace_and_exits_zero() throws Exception {
        startUpstream();
        int port = startGateway("delay: 1, grace: 8");

        Iterator<String> finishing = streamUntilFirstChunk(port, "finishing");
        Iterator<String> outliving = streamUntilFirstChunk(port, "outliving");
        try (WsTestClient webSocket = WsTestClient.connect(port, "Bearer " + TestGateway.ACCESS_KEY)) {
            webSocket.send("{\"type\":\"chat\",\"id\":\"w\",\"payload\":" + chatJson("websocket", true) + "}");
            assertTrue(webSocket.next().contains("\"event\":\"chunk\""), "the WebSocket chat is in flight");

            child.toHandle().destroy(); // SIGTERM
            awaitLine("Draining: readiness is down");
            assertEquals(503, get(port, "/observe/health/ready").statusCode());
            assertEquals(200, get(port, "/observe/health/live").statusCode());

            awaitLine("Draining: new chats are refused");
            HttpResponse<String> refused = post(port, chatJson("refused", false));
            assertEquals(503, refused.statusCode());
            assertEquals("gateway_draining", errorCode(refused.body()));
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());

            releases.get("finishing").countDown();
            List<String> rest = rest(finishing);
            assertTrue(rest.stream().anyMatch(line -> line.contains("\"usage\"")), "the usage chunk: " + rest);
            assertEquals("data: [DONE]", rest.getLast());

            releases.get("websocket").countDown();
            List<String> frames = webSocket.nextUntil("{\"id\":\"w\",\"event\":\"done\",\"data\":{\"cancelled\":false}}");
            assertFalse(frames.stream().anyMatch(frame -> frame.contains("\"event\":\"error\"")), frames.toString());

            List<String> ended = rest(outliving);
            assertTrue(ended.getLast().contains("\"code\":\"gateway_shutdown\""), "an error event in OpenAI's shape: " + ended);
            assertFalse(ended.contains("data: [DONE]"));
            assertEquals(1001, webSocket.awaitCloseCode());
        }

        assertTrue(child.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), "the gateway exited");
        assertEquals(0, child.exitValue());
        Map<String, Map<String, Object>> audit = auditByPrompt();
        assertEquals(4, Files.readAllLines(dir.resolve("audit.log")).size(), "one event per request: " + audit);
        assertEquals("success", audit.get("finishing").get("event.outcome"));
        assertEquals("success", audit.get("websocket").get("event.outcome"));
        assertEquals("cancelled", audit.get("outliving").get("event.outcome"));
        assertEquals("shutdown", audit.get("outliving").get("event.reason"));
        assertEquals("gateway_shutdown", audit.get("outliving").get("error.code"));
        assertEquals("failure", audit.get("refused").get("event.outcome"));
        assertEquals("gateway_draining", audit.get("refused").get("error.code"));
    }

    @Test
    void a_second_sigterm_skips_the_wait() throws Exception {
        startUpstream();
        int port = startGateway("delay: 60, grace: 60");
        Iterator<String> outliving = streamUntilFirstChunk(port, "outliving");

        child.toHandle().destroy();
        awaitLine("Draining: readiness is down");
        child.toHandle().destroy();

        List<String> ended = rest(outliving);
        assertTrue(ended.getLast().contains("\"code\":\"gateway_shutdown\""), ended.toString());
        assertTrue(child.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), "the gateway exited long before its delay and grace");
        assertEquals(0, child.exitValue());
        assertEquals("shutdown", auditByPrompt().get("outliving").get("event.reason"));
    }

    /**
     * An OpenAI-shaped upstream: a first chunk at once, then, once the test releases the chat named
     * by its prompt, the last chunk, the usage chunk and {@code [DONE]}.
     */
    private void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher prompt = Pattern.compile("\"content\":\"([a-z]+)\"").matcher(body);
            CountDownLatch release = releases.computeIfAbsent(prompt.find() ? prompt.group(1) : "", name -> new CountDownLatch(1));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                send(out, chunk("\"delta\":{\"content\":\"first\"},\"finish_reason\":null"));
                release.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                send(out, chunk("\"delta\":{\"content\":\" last\"},\"finish_reason\":\"stop\""));
                send(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n");
                send(out, "data: [DONE]\n\n");
            } catch (IOException gatewayHungUp) {
                // what a stream ended by the gateway does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
    }

    private static String chunk(String choice) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0," + choice + "}]}\n\n";
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Starts the gateway as bin/llm-bridge does, and returns its port once it says it serves. */
    private int startGateway(String drain) throws IOException, InterruptedException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "server: {port: 0, host: 127.0.0.1, drain: {" + drain + "}}\n"
                + "providers:\n  up:\n    adapter: openai\n    base_url: http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1\n"
                + "    models: {m: {timeout: 120}}\n"
                + "logging: {format: text, level: info, audit: {include_content: true, path: \""
                + dir.resolve("audit.log") + "\"}}\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("ACCESS_API_KEYS", TestGateway.ACCESS_KEY);
        builder.environment().put("UP_API_KEY", TestGateway.PROVIDER_KEY);
        builder.environment().put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
        child = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the child is gone
            }
        });
        Matcher serving = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v1").matcher(awaitLine("on http://127.0.0.1:"));
        assertTrue(serving.find());
        return Integer.parseInt(serving.group(1));
    }

    private String awaitLine(String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            String line = output.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("the gateway did not write '" + part + "' within " + PATIENCE_SECONDS + " s");
            }
            if (line.contains(part)) {
                return line;
            }
        }
    }

    private static String chatJson(String prompt, boolean stream) {
        return "{\"model\":\"up/m\",\"stream\":" + stream + ",\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    /** Starts a stream and reads it up to its first chunk: from then on it is in flight. */
    private Iterator<String> streamUntilFirstChunk(int port, String prompt) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(chatRequest(port, chatJson(prompt, true)),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Iterator<String> lines = response.body().iterator();
        while (!lines.next().startsWith("data: ")) {
            // headers are done; blank lines between events
        }
        assertNotNull(releases.get(prompt));
        return lines;
    }

    /** The rest of a stream's events, to its end. */
    private static List<String> rest(Iterator<String> lines) {
        List<String> events = new ArrayList<>();
        lines.forEachRemaining(line -> {
            if (!line.isEmpty()) {
                events.add(line);
            }
        });
        return events;
    }

    private static HttpRequest chatRequest(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(chatRequest(port, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(String json) {
        return (String) ((Map<String, Object>) PlainJson.parseObject(json).get("error")).get("code");
    }

    /**
     * The audit's events by the prompt their request carried (each of the test's chats has its
     * own); a chat refused before its body was read carries none, and is found by its error.
     */
    private Map<String, Map<String, Object>> auditByPrompt() throws IOException {
        List<String> prompts = List.of("finishing", "outliving", "websocket");
        return Files.readAllLines(dir.resolve("audit.log")).stream().map(PlainJson::parseObject)
                .collect(Collectors.toMap(event -> prompts.stream()
                        .filter(prompt -> String.valueOf(event.get("llm.prompt")).contains(prompt))
                        .findFirst().orElse("gateway_draining".equals(event.get("error.code")) ? "refused" : event.toString()),
                        event -> event));
    }
}
