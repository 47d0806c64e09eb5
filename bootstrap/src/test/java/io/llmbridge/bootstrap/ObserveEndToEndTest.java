package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code /observe/metrics} and {@code /observe/health} on the wired gateway, moved by real
 * requests. Helidon's registry is one per process, so metrics are compared before and after.
 */
class ObserveEndToEndTest {
    private static final String ECHO = "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
    private static final String[] ECHO_LABELS = {"provider", "echo", "model", "echo-1"};

    private static ClientAndServer upstream;
    private static TestGateway gateway;
    private static final BlockingQueue<ChatRecord> RECORDS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        ChatRecorder observer = RECORDS::add;
        gateway = TestGateway.start("""
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                  openai:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      gpt-4o: {timeout: 30}
                  nokey:
                    models:
                      m: {}
                """.formatted(upstream.getPort()), "metrics:\n  per_key: false\n", Map.of("OPENAI_API_KEY", "sk-o"), List.of(observer));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
    }

    private static String metrics() {
        HttpResponse<String> response = gateway.getRoot("/observe/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    /** The value of the one sample of {@code name} with these labels (and maybe others); 0 when there is none yet. */
    private static double sample(String text, String name, String... labels) {
        double found = 0;
        int matches = 0;
        for (String line : text.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                matches++;
            }
        }
        assertTrue(matches <= 1, "one sample of " + name + " matches");
        return found;
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    @Test
    void requests_tokens_and_times_move_after_real_requests() throws Exception {
        String before = metrics();
        assertEquals(200, gateway.chat(ECHO).statusCode());
        assertEquals(200, gateway.chat(ECHO).statusCode());
        String after = metrics();

        String[] success = with(ECHO_LABELS, "transport", "http", "outcome", "success");
        assertEquals(2, sample(after, "llmbridge_requests_total", success) - sample(before, "llmbridge_requests_total", success));
        String[] prompt = with(ECHO_LABELS, "kind", "prompt", "source", "provider");
        assertEquals(6, sample(after, "llmbridge_tokens_total", prompt) - sample(before, "llmbridge_tokens_total", prompt),
                "the echo counts three words a prompt");
        String[] plain = with(ECHO_LABELS, "stream", "false");
        assertEquals(2, sample(after, "llmbridge_request_duration_seconds_count", plain)
                - sample(before, "llmbridge_request_duration_seconds_count", plain));
        assertEquals(2, sample(after, "llmbridge_gateway_overhead_seconds_count", ECHO_LABELS)
                - sample(before, "llmbridge_gateway_overhead_seconds_count", ECHO_LABELS));
        String[] genAi = {"gen_ai_operation_name", "chat", "gen_ai_provider_name", "echo", "gen_ai_request_model", "echo-1",
                "gen_ai_token_type", "input"};
        assertEquals(6, sample(after, "gen_ai_client_token_usage_sum", genAi) - sample(before, "gen_ai_client_token_usage_sum", genAi),
                "the GenAI conventions' token histogram");
        assertEquals(2, sample(after, "gen_ai_client_token_usage_bucket", with(genAi, "le", "4.0"))
                - sample(before, "gen_ai_client_token_usage_bucket", with(genAi, "le", "4.0")), "three tokens each, in the bucket up to 4");
        assertFalse(after.contains(TestGateway.ACCESS_KEY), "no key in metrics");
        assertFalse(after.contains("key_name"), "no key names unless metrics.per_key");
        assertFalse(after.contains("one two three"), "no prompt text in metrics");
    }

    @Test
    void a_stream_moves_time_to_first_token_and_leaves_no_stream_active() throws Exception {
        String before = metrics();
        RECORDS.clear();
        HttpResponse<String> response = gateway.chat(ECHO.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        ChatRecord record;
        do {
            record = RECORDS.poll(60, TimeUnit.SECONDS);
            assertNotNull(record, "the stream was recorded");
        } while (!record.request().stream());
        String after = metrics();

        assertEquals(1, sample(after, "llmbridge_time_to_first_token_seconds_count", ECHO_LABELS)
                - sample(before, "llmbridge_time_to_first_token_seconds_count", ECHO_LABELS));
        assertEquals(0, sample(after, "llmbridge_streams_active"));
    }

    @Test
    void upstream_failures_are_counted_by_status_and_unrouted_requests_by_no_model() {
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"));
        String before = metrics();
        assertEquals(502, gateway.chat("{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
        assertEquals(404, gateway.chat("{\"model\":\"openai/made-up-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
        String after = metrics();

        String[] status = {"provider", "openai", "status", "503"};
        assertEquals(1, sample(after, "llmbridge_upstream_errors_total", status) - sample(before, "llmbridge_upstream_errors_total", status));
        // The registry is process-wide: other tests here count WebSocket requests under their own transport.
        String[] unrouted = {"provider", "none", "model", "none", "transport", "http", "outcome", "failure"};
        assertEquals(1, sample(after, "llmbridge_requests_total", unrouted) - sample(before, "llmbridge_requests_total", unrouted));
        assertFalse(after.contains("made-up-model"), "a model name a client made up is not a label");
    }

    @Test
    @SuppressWarnings("unchecked")
    void health_is_live_and_ready_while_a_provider_can_answer_and_names_those_that_cannot() {
        assertEquals(200, gateway.getRoot("/observe/health/live").statusCode());
        HttpResponse<String> ready = gateway.getRoot("/observe/health/ready");
        assertEquals(200, ready.statusCode());
        Map<String, Object> check = (Map<String, Object>) ((List<Object>) PlainJson.parseObject(ready.body()).get("checks")).getFirst();
        assertEquals("providers", check.get("name"));
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertEquals(2L, ((Number) data.get("usable")).longValue());
        assertEquals("its API key is not set (NOKEY_API_KEY)", data.get("unusable.nokey"));
    }

    @Test
    void readiness_fails_when_no_provider_can_answer() {
        try (TestGateway keyless = TestGateway.start("""
                  openai:
                    models:
                      gpt-4o: {}
                """, Map.of())) {
            assertEquals(503, keyless.getRoot("/observe/health/ready").statusCode());
            assertEquals(200, keyless.getRoot("/observe/health/live").statusCode(), "alive, just of no use");
        }
    }
}
