package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits through the wired gateway on the memory backend: refusals, headers, budgets, concurrency, WebSocket, the view. */
class LimitsEndToEndTest {
    private static final String ALICE_KEY = "alice-key-5d6e7f8a9b";
    private static final String BOB_KEY = "bob-key-1a2b3c4d5e6f";
    private static final String ADMIN_KEY = "admin-key-9f8e7d6c5b";
    private static final Map<String, String> KEYS = Map.of("ACCESS_API_KEYS", "{\"" + ALICE_KEY + "\":\"alice\",\""
            + BOB_KEY + "\":\"bob\",\"" + ADMIN_KEY + "\":{\"name\":\"ops\",\"role\":\"admin\"}}");
    private static final String ECHO = "  echo:\n    adapter: echo\n    models:\n      echo-1: {}\n";
    private static final String HELLO = "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    private final LinkedBlockingQueue<ChatRecord> records = new LinkedBlockingQueue<>();
    private TestGateway gateway;
    private SlowStreamUpstream slow;

    private TestGateway start(String providers, String limits, Map<String, String> environment) {
        ChatRecorder observer = records::add;
        gateway = TestGateway.start(providers, limits, environment, List.of(observer));
        return gateway;
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (slow != null) {
            slow.close();
        }
    }

    private static Map<String, Object> error(HttpResponse<String> response) {
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) PlainJson.parseObject(response.body()).get("error");
        return error;
    }

    @Test
    void requests_past_the_rate_are_refused_with_retry_after_and_answers_carry_the_rate_headers() {
        start(ECHO, "limits:\n  keys: {alice: {rpm: 2, tpm: 100000}}\n", KEYS);

        HttpResponse<String> first = gateway.post("/chat/completions", HELLO, ALICE_KEY);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("2", first.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
        assertEquals("1", first.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertTrue(first.headers().firstValue("x-ratelimit-reset-requests").orElseThrow().endsWith("s"));
        assertEquals("100000", first.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertEquals(200, gateway.post("/chat/completions", HELLO, ALICE_KEY).statusCode());

        HttpResponse<String> refused = gateway.post("/chat/completions", HELLO, ALICE_KEY);
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limit_exceeded", error(refused).get("code"));
        assertTrue(error(refused).get("message").toString().contains("key alice"), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "seconds until one more fits: " + retryAfter);
        assertEquals("0", refused.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());

        assertEquals(200, gateway.post("/chat/completions", HELLO, BOB_KEY).statusCode(), "bob has limits of his own");
        Map<String, Object> audited = gateway.auditEvent(TestGateway.requestId(refused));
        assertEquals("rate_limit_exceeded", audited.get("error.code"));
    }

    @Test
    void embeddings_and_anthropic_messages_carry_their_surfaces_rate_headers_too() {
        start(ECHO + "      vectors: {kind: embedding}\n", "limits:\n  keys: {alice: {rpm: 3, tpm: 100000}}\n", KEYS);

        HttpResponse<String> embedded = gateway.post("/embeddings", "{\"model\":\"echo/vectors\",\"input\":\"hello\"}", ALICE_KEY);
        assertEquals(200, embedded.statusCode(), embedded.body());
        assertEquals("3", embedded.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
        assertEquals("2", embedded.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());

        String message = "{\"model\":\"echo/echo-1\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> answered = gateway.post("/messages", message, ALICE_KEY);
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("3", answered.headers().firstValue("anthropic-ratelimit-requests-limit").orElseThrow());
        assertEquals("1", answered.headers().firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
        java.time.Instant reset = java.time.Instant.parse(
                answered.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertTrue(reset.isAfter(java.time.Instant.now().minusSeconds(1)) && reset.isBefore(java.time.Instant.now().plusSeconds(61)),
                "when the bucket is full again, RFC 3339: " + reset);
        assertEquals("100000", answered.headers().firstValue("anthropic-ratelimit-tokens-limit").orElseThrow());
        assertTrue(answered.headers().firstValue("x-ratelimit-limit-requests").isEmpty(), "Anthropic's names on its surface");

        assertEquals(200, gateway.post("/messages", message, ALICE_KEY).statusCode());
        HttpResponse<String> refused = gateway.post("/messages", message, ALICE_KEY);
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("0", refused.headers().firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void a_spent_budget_is_insufficient_quota_saying_when_it_resets_without_retry_after() {
        start(ECHO, "limits:\n  default_max_tokens: 50\n  keys: {alice: {daily_tokens: 40}}\n", KEYS);
        HttpResponse<String> refused = gateway.post("/chat/completions", HELLO, ALICE_KEY);
        assertEquals(429, refused.statusCode());
        assertEquals("insufficient_quota", error(refused).get("code"));
        assertTrue(error(refused).get("message").toString().contains("resets at"), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isEmpty());

        String small = "{\"model\":\"echo/echo-1\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertEquals(200, gateway.post("/chat/completions", small, ALICE_KEY).statusCode(), "a request that fits is admitted");
    }

    @Test
    void a_concurrency_slot_is_held_by_a_stream_until_it_ends_then_freed() throws Exception {
        slow = new SlowStreamUpstream();
        start(ECHO + "  slow:\n    base_url: http://127.0.0.1:%d/v1\n    models:\n      m: {timeout: 60}\n".formatted(slow.port()),
                "limits:\n  keys: {alice: {concurrent: 1}}\n", Map.of("ACCESS_API_KEYS", KEYS.get("ACCESS_API_KEYS"),
                        "SLOW_API_KEY", TestGateway.PROVIDER_KEY));
        InputStream streaming = gateway.streamBegun("{\"model\":\"slow/m\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}", ALICE_KEY);

        HttpResponse<String> refused = gateway.post("/chat/completions", HELLO, ALICE_KEY);
        assertEquals(429, refused.statusCode());
        assertTrue(error(refused).get("message").toString().startsWith("Concurrency limit reached for key alice"), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());

        streaming.close();
        slow.clientHasGone();
        ChatRecord ended = records.poll(30, TimeUnit.SECONDS);
        while (ended != null && !"slow/m".equals(ended.request().requestedModel())) {
            ended = records.poll(30, TimeUnit.SECONDS);
        }
        assertNotNull(ended, "the stream ended and was recorded");
        assertEquals(200, gateway.post("/chat/completions", HELLO, ALICE_KEY).statusCode(), "its slot is free again");
    }

    @Test
    void a_websocket_chat_refused_by_its_quota_gets_an_error_frame_and_the_socket_stays_open() {
        start(ECHO, "limits:\n  keys: {alice: {rpm: 1}}\n", KEYS);
        try (WsTestClient client = WsTestClient.connect(gateway.port(), "Bearer " + ALICE_KEY)) {
            client.send(wsChat("c1"));
            List<String> answered = client.nextUntil("{\"id\":\"c1\",\"event\":\"done\",\"data\":{\"cancelled\":false}}");
            assertFalse(answered.toString().contains("\"error\""), answered.toString());

            client.send(wsChat("c2"));
            String refusal = client.next();
            assertTrue(refusal.startsWith("{\"id\":\"c2\",\"event\":\"error\""), refusal);
            assertTrue(refusal.contains("\"code\":\"rate_limit_exceeded\""), refusal);
            assertEquals("{\"id\":\"c2\",\"event\":\"done\",\"data\":{\"cancelled\":false}}", client.next());

            client.send(wsChat("c3"));
            assertTrue(client.next().startsWith("{\"id\":\"c3\",\"event\":\"error\""), "the socket is still open and answering");
        }
    }

    private static String wsChat(String id) {
        return "{\"type\":\"chat\",\"id\":\"" + id + "\",\"payload\":{\"model\":\"echo/echo-1\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}}";
    }

    @Test
    void the_limits_view_shows_a_user_its_own_scopes_and_an_admin_every_configured_one() {
        start(ECHO, "limits:\n  keys: {alice: {rpm: 5}, bob: {rpm: 7}}\n  models: {echo/echo-1: {tpm: 90000}}\n"
                + "  global: {rpm: 1000}\n", KEYS);
        assertEquals(200, gateway.post("/chat/completions", HELLO, ALICE_KEY).statusCode());

        List<Map<String, Object>> own = data(gateway.get("/limits", ALICE_KEY));
        assertEquals(List.of("key alice rpm", "model echo/echo-1 tpm", "global rpm"), own.stream().map(LimitsEndToEndTest::name).toList());
        Map<String, Object> aliceRpm = own.getFirst();
        assertEquals(5L, aliceRpm.get("value"));
        assertEquals(1L, aliceRpm.get("used"));
        assertEquals(4L, aliceRpm.get("remaining"));
        assertNotNull(aliceRpm.get("resets_at"));

        List<String> everything = data(gateway.get("/limits", ADMIN_KEY)).stream().map(LimitsEndToEndTest::name).toList();
        assertTrue(everything.containsAll(List.of("key alice rpm", "key bob rpm", "global rpm")), everything.toString());

        HttpResponse<String> badQuery = gateway.get("/limits?scope=all", ALICE_KEY);
        assertEquals(400, badQuery.statusCode());
        assertEquals(401, gateway.get("/limits", "not-a-key-at-all-123").statusCode());
    }

    private static String name(Map<String, Object> limit) {
        return limit.get("scope") + (limit.containsKey("name") ? " " + limit.get("name") : "") + " " + limit.get("limit");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return (List<Map<String, Object>>) PlainJson.parseObject(response.body()).get("data");
    }

    @Test
    void a_managed_keys_own_limits_win_and_bad_limits_are_refused_when_issued() {
        start(ECHO, "limits:\n  default: {rpm: 100}\n", KEYS);
        HttpResponse<String> bad = gateway.post("/admin/keys", "{\"name\":\"svc\",\"limits\":{\"rpm\":-1}}", ADMIN_KEY);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(error(bad).get("message").toString().contains("rpm must not be negative"), bad.body());
        assertEquals(400, gateway.post("/admin/keys", "{\"name\":\"svc\",\"limits\":{\"rqm\":1}}", ADMIN_KEY).statusCode());

        HttpResponse<String> issued = gateway.post("/admin/keys", "{\"name\":\"svc\",\"limits\":{\"rpm\":1}}", ADMIN_KEY);
        assertEquals(201, issued.statusCode(), issued.body());
        String key = (String) PlainJson.parseObject(issued.body()).get("key");
        assertEquals(200, gateway.post("/chat/completions", HELLO, key).statusCode());
        HttpResponse<String> refused = gateway.post("/chat/completions", HELLO, key);
        assertEquals(429, refused.statusCode());
        assertTrue(error(refused).get("message").toString().contains("key svc: rpm 1"), refused.body());
    }

    @Test
    void a_limit_on_a_key_nobody_has_stops_the_start() {
        ConfigProblem problem = assertThrows(ConfigProblem.class,
                () -> start(ECHO, "limits:\n  keys: {alcie: {rpm: 5}}\n", KEYS));
        assertTrue(problem.getMessage().endsWith("limits.keys.alcie: is not the name of any access key"), problem.getMessage());
    }
}
