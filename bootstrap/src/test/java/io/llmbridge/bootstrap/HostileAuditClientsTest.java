package io.llmbridge.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients that try to flood, bloat or dodge the audit, through the wired gateway. */
class HostileAuditClientsTest {
    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = TestGateway.start("  trusted_proxies: [\"127.0.0.1\"]\n", """
                  echo:
                    adapter: echo
                    models:
                      m: {}
                """, Map.of(), TestGateway::quietLogging);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> get(String path, String key) {
        return TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + key).GET().build());
    }

    @Test
    void a_huge_model_name_makes_neither_a_huge_error_body_nor_a_huge_audit_line() {
        String model = "nope/" + "x".repeat(60_000);
        HttpResponse<String> response = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());

        assertEquals(404, response.statusCode());
        assertTrue(response.body().length() < 1000, "the 404 body repeats at most 256 characters of the name");
        Map<String, Object> event = gateway.auditEvent(TestGateway.requestId(response));
        assertEquals(257, ((String) event.get("llm.model.requested")).length(), "256 characters and the cut mark");
        assertTrue(((String) event.get("error.message")).length() <= 1001);
    }

    @Test
    void a_flood_of_bad_keys_from_one_address_is_one_event_and_one_count() {
        int refused = 500;
        for (int i = 0; i < refused; i++) {
            assertEquals(401, get("/models", "wrong-key-" + i).statusCode());
        }
        HttpResponse<String> proof = get("/models", TestGateway.ACCESS_KEY);
        gateway.auditEvent(TestGateway.requestId(proof)); // real events still go through at once
        gateway.close(); // writes out the summary not yet due

        List<Map<String, Object>> refusals = gateway.auditEvents().stream()
                .filter(event -> "invalid_api_key".equals(event.get("error.code"))).toList();
        assertEquals(2, refusals.size(), "the first refusal, then one summary");
        assertEquals(refused - 1L, ((Number) refusals.get(1).get("llm.refusals.count")).longValue());
        assertEquals("127.0.0.1", refusals.get(1).get("client.ip"));
    }

    @Test
    void listing_models_reading_one_and_reading_usage_are_each_audited() {
        for (String path : List.of("/models", "/models/echo/m", "/usage")) {
            HttpResponse<String> response = get(path, TestGateway.ACCESS_KEY);
            assertEquals(200, response.statusCode(), path);
            Map<String, Object> event = gateway.auditEvent(TestGateway.requestId(response));
            assertEquals("success", event.get("event.outcome"), path);
            assertEquals("test-team", event.get("user.name"), path);
            assertEquals(200L, ((Number) event.get("http.response.status_code")).longValue(), path);
        }
        HttpResponse<String> missing = get("/models/echo/none", TestGateway.ACCESS_KEY);
        assertEquals(404, missing.statusCode());
        Map<String, Object> event = gateway.auditEvent(TestGateway.requestId(missing));
        assertEquals("models.get", event.get("event.action"));
        assertEquals("echo/none", event.get("llm.model.requested"));
    }

    @Test
    void a_refused_websocket_upgrade_is_audited_with_the_address_a_trusted_proxy_forwarded() {
        CompletionException refused = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer wrong-key").header("X-Forwarded-For", "203.0.113.50")
                .buildAsync(URI.create(gateway.baseUrl().replace("http://", "ws://") + "/ws"), new WebSocket.Listener() {
                }).join());
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<Map<String, Object>> event = Optional.empty();
        while (event.isEmpty() && System.nanoTime() < deadline) {
            event = gateway.auditEvents().stream().filter(e -> "ws.connect".equals(e.get("event.action"))).findFirst();
            Thread.onSpinWait();
        }
        assertTrue(event.isPresent(), "the refused upgrade is audited");
        assertEquals("203.0.113.50", event.get().get("client.ip"));
        assertEquals("ws", event.get().get("transport"));
        assertEquals("invalid_api_key", event.get().get("error.code"));
    }
}
