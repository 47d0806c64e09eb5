package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Requests one tenant could send to hurt the others, through the real wiring: a 10 MiB prompt
 * that is a single "word", JSON past the parser's limits or not JSON at all, and a request whose
 * handling throws an {@code Error}. Each gets its own answer and audit event, the log no ERROR,
 * and the shared threads (Helidon's date timer, the audit writer) go on working.
 */
class HostileRequestsTest {
    private static final String KEY = "sk-test-hostile-requests-0a1b2c";
    private static final int TEN_MIB = 10 * 1024 * 1024;
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final String CONTEXT_TOO_LONG = """
            {"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error",\
            "param":"messages","code":"context_length_exceeded"}}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dir;
    private static ClientAndServer upstream;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        ConfigurationProperties.logLevel("WARN");
        upstream = ClientAndServer.startClientAndServer(0);
        upstream.when(HttpRequest.request().withPath("/refusing/v1/chat/completions"))
                .respond(HttpResponse.response().withStatusCode(400).withHeader("Content-Type", "application/json")
                        .withBody(CONTEXT_TOO_LONG));
        upstream.when(HttpRequest.request().withPath("/huge/v1/chat/completions"))
                .respond(HttpResponse.response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("data: " + OpenAiChunks.content("y".repeat(TEN_MIB), null) + "\n\n"
                                + "data: " + OpenAiChunks.content("", "stop") + "\n\ndata: [DONE]\n\n"));
        dir = Files.createTempDirectory("llm-bridge-hostile");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: 0
                  max_body_size: 16777216
                  websocket: {max_frame_size: 16777216}
                providers:
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                      throws-error: {}
                  refusing:
                    adapter: openai
                    base_url: http://127.0.0.1:%1$d/refusing/v1
                    models:
                      gpt: {timeout: 60}
                  huge:
                    adapter: openai
                    base_url: http://127.0.0.1:%1$d/huge/v1
                    models:
                      gpt: {timeout: 60}
                logging:
                  format: json
                  level: info
                  output:
                    console: false
                    file: {path: "%2$s"}
                  audit:
                    path: "%3$s"
                """.formatted(upstream.getPort(), dir.resolve("app.log"), dir.resolve("audit.log")) + TestGateway.storeYaml(dir));
        gateway = Main.start(new String[] {"--config", config.toString()}, Map.of(
                "ACCESS_API_KEYS", "{\"" + KEY + "\": \"hostile\"}",
                "REFUSING_API_KEY", "sk-upstream",
                "HUGE_API_KEY", "sk-upstream",
                "LLM_BRIDGE_ENV_FILE", dir.resolve("no.env").toString()), List.of(new ErrorThrowingRecorder()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
        TestGateway.restoreTestLogging();
    }

    /** Plays a recorder whose work runs the heap out, for requests to {@code echo/throws-error}. */
    private static final class ErrorThrowingRecorder implements ChatRecorder {
        @Override
        public void record(ChatRecord record) {
            if ("echo/throws-error".equals(record.request().requestedModel())) {
                throw new OutOfMemoryError("Java heap space");
            }
        }
    }

    @Test
    void a_ten_mib_single_word_prompt_gets_the_upstreams_own_400_and_one_audit_event() {
        var response = post(chat("refusing/gpt", "x".repeat(TEN_MIB), false));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(PlainJson.parseObject(CONTEXT_TOO_LONG), PlainJson.parseObject(response.body()));
        Map<String, Object> event = auditEvent(requestId(response));
        assertEquals(400L, event.get("http.response.status_code"));
        assertEquals(400L, event.get("llm.upstream.status_code"));
        assertFalse(event.containsKey("llm.usage.prompt_tokens"), "a refused call is not charged: " + event);
        assertEquals(1, eventsOf(requestId(response)));
    }

    @Test
    void a_huge_streamed_answer_without_usage_is_delivered_whole_and_audited_with_an_estimate() {
        var response = post(chat("huge/gpt", "x".repeat(TEN_MIB), true));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), "the stream ended normally");
        assertTrue(response.body().length() > TEN_MIB);
        Map<String, Object> event = auditEvent(requestId(response));
        assertEquals("success", event.get("event.outcome"));
        assertEquals("estimated", event.get("llm.usage.source"));
        assertTrue(((Number) event.get("llm.usage.completion_tokens")).longValue() > 0, event.toString());
    }

    @Test
    void a_ten_mib_prompt_over_the_websocket_ends_with_the_upstreams_error_and_done_and_is_audited() {
        int eventsBefore = auditEvents().size();
        String message = "{\"type\":\"chat\",\"payload\":" + chat("refusing/gpt", "x".repeat(TEN_MIB), true) + "}";
        try (WsTestClient client = WsTestClient.connect(gateway.port(), "Bearer " + KEY)) {
            client.sendFragments(fragments(message, 32 * 1024));

            String frame = client.next();
            assertTrue(frame.contains("maximum context length is 128000 tokens"), frame);
            assertTrue(frame.contains("context_length_exceeded"), frame);
            assertEquals(WsFrames.DONE, client.next());
        }
        Map<String, Object> event = awaitEvent(eventsBefore, "refusing/gpt");
        assertEquals(400L, event.get("llm.upstream.status_code"));
    }

    @Test
    void json_nested_deeper_than_the_limit_is_a_400_naming_the_limit() {
        String deep = "[".repeat(PlainJson.MAX_DEPTH + 10) + "]".repeat(PlainJson.MAX_DEPTH + 10);
        assertRefusedAsInvalid(bytes("{\"model\":\"echo/echo-1\",\"messages\":" + deep + "}"), "nested deeper than");
    }

    @Test
    void a_five_thousand_digit_number_is_a_400_naming_the_limit() {
        assertRefusedAsInvalid(bytes("{\"model\":\"echo/echo-1\",\"max_tokens\":" + "9".repeat(5000)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "number is longer than");
    }

    @Test
    void truncated_json_is_a_400() {
        assertRefusedAsInvalid(bytes("{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"con"), "could not parse");
    }

    @Test
    void a_body_that_is_not_utf_8_is_a_400() {
        byte[] body = bytes("{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"_\"}]}");
        int underscore = new String(body, StandardCharsets.US_ASCII).indexOf('_');
        body[underscore] = (byte) 0xC3; // starts a two-byte sequence that the closing quote breaks
        assertRefusedAsInvalid(body, "UTF-8");
    }

    @Test
    void json_past_the_limits_over_the_websocket_is_an_invalid_request_frame_and_the_socket_goes_on() {
        String deep = "[".repeat(PlainJson.MAX_DEPTH + 10) + "]".repeat(PlainJson.MAX_DEPTH + 10);
        try (WsTestClient client = WsTestClient.connect(gateway.port(), "Bearer " + KEY)) {
            client.send("{\"type\":\"chat\",\"payload\":{\"model\":\"echo/echo-1\",\"messages\":" + deep + "}}");
            WsFrames.assertProtocolError(client.next(), "deep nesting");
            client.send("{\"type\":\"chat\",\"payload\":{\"model\":\"echo/echo-1\",\"max_tokens\":" + "9".repeat(5000) + "}}");
            WsFrames.assertProtocolError(client.next(), "a long number");

            client.send("{\"type\":\"chat\",\"payload\":" + chat("echo/echo-1", "still here", true) + "}");
            String frame = client.next();
            assertTrue(frame.startsWith("data: "), frame);
        }
    }

    @Test
    void after_a_request_whose_handling_throws_an_error_the_date_header_advances_and_the_audit_writes_on() {
        var failed = post(chat("echo/throws-error", "hello", false));
        assertEquals(1, eventsOf(requestId(failed)), "audited before the recorder after it failed");
        String dateBefore = failed.headers().firstValue("Date").orElseThrow();

        long deadline = System.nanoTime() + GENEROUS.toNanos();
        String date = dateBefore;
        while (date.equals(dateBefore)) {
            if (System.nanoTime() > deadline) {
                fail("the Date header stayed at " + dateBefore + " for " + GENEROUS);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polls a condition, bounded by the deadline
            date = post(chat("echo/echo-1", "tick", false)).headers().firstValue("Date").orElseThrow();
        }
        assertNotEquals(dateBefore, date);

        var next = post(chat("echo/echo-1", "and the audit goes on", false));
        assertEquals(200, next.statusCode());
        assertEquals("success", auditEvent(requestId(next)).get("event.outcome"));
    }

    private void assertRefusedAsInvalid(byte[] body, String messagePart) {
        int logLines = logLines().size();
        var response = send(java.net.http.HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertEquals(400, response.statusCode(), response.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) PlainJson.parseObject(response.body()).get("error");
        assertEquals("invalid_request_error", error.get("type"), response.body());
        assertTrue(((String) error.get("message")).contains(messagePart), response.body());
        Map<String, Object> event = auditEvent(requestId(response));
        assertEquals("failure", event.get("event.outcome"));
        assertEquals(400L, event.get("http.response.status_code"));
        List<String> newLines = logLines().subList(logLines, logLines().size());
        for (String line : newLines) {
            assertFalse(line.contains("\"level\":\"ERROR\"") || line.contains("stack_trace"), line);
        }
    }

    private static String chat(String model, String prompt, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
    }

    private static String[] fragments(String text, int size) {
        List<String> parts = new ArrayList<>();
        for (int at = 0; at < text.length(); at += size) {
            parts.add(text.substring(at, Math.min(text.length(), at + size)));
        }
        return parts.toArray(String[]::new);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + gateway.port() + "/v1";
    }

    private static java.net.http.HttpResponse<String> post(String body) {
        return send(java.net.http.HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpRequest request) {
        try {
            return HTTP.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String requestId(java.net.http.HttpResponse<?> response) {
        return TestGateway.requestId(response);
    }

    private static Map<String, Object> auditEvent(String requestId) {
        return awaitEvent(0, "request " + requestId, event -> requestId.equals(event.get("llm.request_id")));
    }

    /** The first event after the first {@code skip} ones that asked for {@code model}. */
    private static Map<String, Object> awaitEvent(int skip, String model) {
        return awaitEvent(skip, model, event -> model.equals(event.get("llm.model.requested")));
    }

    private static Map<String, Object> awaitEvent(int skip, String what, Predicate<Map<String, Object>> wanted) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        Optional<Map<String, Object>> found;
        while ((found = auditEvents().stream().skip(skip).filter(wanted).findFirst()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no audit event for " + what + " within " + GENEROUS);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls a condition, bounded by the deadline
        }
        return found.get();
    }

    private static long eventsOf(String requestId) {
        auditEvent(requestId);
        return auditEvents().stream().filter(event -> requestId.equals(event.get("llm.request_id"))).count();
    }

    private static List<Map<String, Object>> auditEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : wholeLines(dir.resolve("audit.log"))) {
            events.add(PlainJson.parseObject(line));
        }
        return events;
    }

    private static List<String> logLines() {
        return wholeLines(dir.resolve("app.log"));
    }

    /** A line still being written has no newline yet; only whole lines count. */
    private static List<String> wholeLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
