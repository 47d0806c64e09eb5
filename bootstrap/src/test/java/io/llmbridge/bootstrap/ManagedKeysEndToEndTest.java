package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Managed keys through the wired gateway with its embedded store: issued by an admin, used,
 * limited to their models, revoked; usage with cost and filters; and all of it still there after
 * a restart on the same database file.
 */
class ManagedKeysEndToEndTest {
    static final String ADMIN_KEY = "admin-key-6a7b8c9d0e";
    static final String USER_KEY = "user-key-0a1b2c9d";
    static final String PROVIDERS = """
              echo:
                adapter: echo
                models:
                  echo-1: {}
              other:
                adapter: echo
                models:
                  other-1: {}
            """;
    static final String PRICES = """
            prices:
              currency: EUR
              echo/echo-1: {input: 1.5, output: 2}
            """;
    static final Map<String, String> KEYS = Map.of("ACCESS_API_KEYS",
            "{\"" + ADMIN_KEY + "\":{\"name\":\"ops\",\"role\":\"admin\"},\"" + USER_KEY + "\":\"plain-user\"}");

    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = TestGateway.start(PROVIDERS, PRICES, KEYS);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void an_issued_key_works_for_its_models_only_and_is_refused_once_revoked() {
        Map<String, Object> issued = created(gateway, "{\"name\":\"svc\",\"team\":\"red\",\"models\":[\"echo/*\"],"
                + "\"limits\":{\"rpm\":60},\"metadata\":{\"owner\":\"red team\"}}");
        String key = (String) issued.get("key");
        assertTrue(key.startsWith("llmb-"), "the key is handed out once, in the managed shape");
        assertEquals(List.of("echo/*"), issued.get("models"));
        assertEquals(Map.of("rpm", 60L), issued.get("limits"));

        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1"), key).statusCode());
        HttpResponse<String> refused = gateway.post("/chat/completions", chat("other/other-1"), key);
        assertEquals(403, refused.statusCode());
        assertEquals("model_not_allowed", error(refused).get("code"));
        assertEquals(List.of("echo/echo-1"), modelIds(gateway.get("/models", key)));
        assertEquals(List.of("echo/echo-1", "other/other-1"), modelIds(gateway.get("/models", USER_KEY)));

        HttpResponse<String> listed = gateway.get("/admin/keys/" + issued.get("id"), ADMIN_KEY);
        assertEquals(200, listed.statusCode());
        assertFalse(listed.body().contains(key.substring(22)), "no secret after creation");

        HttpResponse<String> revocation = send("DELETE", "/admin/keys/" + issued.get("id"), null, ADMIN_KEY);
        assertEquals(200, revocation.statusCode());
        Map<String, Object> audited = gateway.auditEvent(TestGateway.requestId(revocation));
        assertEquals("admin.keys.revoke", audited.get("event.action"));
        assertEquals("ops", audited.get("user.name"));
        assertEquals(issued.get("id"), audited.get("llm.admin.key_id"));
        assertFalse(gateway.auditEvents().toString().contains(key.substring(22)), "no secret in the audit");
        HttpResponse<String> revoked = gateway.post("/chat/completions", chat("echo/echo-1"), key);
        assertEquals(401, revoked.statusCode());
        assertEquals("invalid_api_key", error(revoked).get("code"));
    }

    @Test
    void a_key_revoked_while_its_websocket_is_open_gets_no_further_chat_on_it() {
        Map<String, Object> issued = created(gateway, "{\"name\":\"socket-svc\"}");
        String chat = "{\"type\":\"chat\",\"id\":\"%s\",\"payload\":{\"model\":\"echo/echo-1\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
        try (WsTestClient socket = WsTestClient.connect(gateway.port(), "Bearer " + issued.get("key"))) {
            socket.send(chat.formatted("before"));
            assertFalse(socket.nextUntil("{\"id\":\"before\",\"event\":\"done\",\"data\":{\"cancelled\":false}}")
                    .toString().contains("\"error\""));

            assertEquals(200, send("DELETE", "/admin/keys/" + issued.get("id"), null, ADMIN_KEY).statusCode());

            socket.send(chat.formatted("after"));
            String refused = socket.next();
            assertTrue(refused.startsWith("{\"id\":\"after\",\"event\":\"error\"") && refused.contains("invalid_api_key"),
                    refused);
        }
    }

    @Test
    void with_usage_rows_off_calls_are_answered_and_no_usage_is_kept() {
        Path dir = gateway.dir();
        gateway.close();
        gateway = TestGateway.start(PROVIDERS, PRICES + TestGateway.storeYaml(dir) + "  usage_rows: false\n", KEYS);
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1"), USER_KEY).statusCode());
        Map<String, Object> report = PlainJson.parseObject(gateway.get("/usage", ADMIN_KEY).body());
        assertEquals(0L, list(report.get("keys")).stream().mapToLong(entry -> (Long) totals(entry).get("requests")).sum());
    }

    @Test
    void a_disabled_or_expired_key_is_refused_like_an_unknown_one() {
        Map<String, Object> issued = created(gateway, "{\"name\":\"temp\"}");
        String key = (String) issued.get("key");
        assertEquals(200, send("PATCH", "/admin/keys/" + issued.get("id"), "{\"disabled\":true}", ADMIN_KEY).statusCode());
        assertEquals("invalid_api_key", error(gateway.post("/chat/completions", chat("echo/echo-1"), key)).get("code"));

        HttpResponse<String> updated = send("PATCH", "/admin/keys/" + issued.get("id"),
                "{\"disabled\":false,\"expires_at\":\"2001-01-01T00:00:00Z\"}", ADMIN_KEY);
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals(401, gateway.post("/chat/completions", chat("echo/echo-1"), key).statusCode());
    }

    @Test
    void usage_has_costs_filters_and_groups_and_survives_a_restart() {
        String key = (String) created(gateway, "{\"name\":\"svc\",\"team\":\"red\"}").get("key");
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1"), key).statusCode());
        assertEquals(200, gateway.post("/chat/completions", chat("other/other-1"), key).statusCode());
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1"), USER_KEY).statusCode());

        Map<String, Object> own = PlainJson.parseObject(gateway.get("/usage", key).body());
        assertEquals("own", own.get("scope"));
        assertEquals("EUR", own.get("currency"));
        Map<String, Object> ownKey = first(own.get("keys"));
        assertEquals("svc", ownKey.get("key_name"));
        assertEquals(2L, totals(ownKey).get("requests"));
        assertNotNull(totals(ownKey).get("cost"), "echo/echo-1 has a price");
        List<Map<String, Object>> models = list(ownKey.get("models"));
        assertNull(totals(models.get(1)).get("cost"), "other/other-1 has none: null, not zero");

        Map<String, Object> byTeam = PlainJson.parseObject(gateway.get("/usage?group_by=team&model=echo/echo-1", ADMIN_KEY).body());
        List<Map<String, Object>> groups = list(byTeam.get("groups"));
        assertEquals(2, groups.size(), byTeam.toString());
        assertEquals(1L, totals(groups.stream().filter(group -> "red".equals(group.get("team"))).findFirst().orElseThrow())
                .get("requests"));

        HttpResponse<String> badFilter = gateway.get("/usage?from=yesterday", ADMIN_KEY);
        assertEquals(400, badFilter.statusCode());
        assertTrue(error(badFilter).get("message").toString().contains("ISO-8601"), badFilter.body());
        assertEquals(400, gateway.get("/usage?group_by=week", ADMIN_KEY).statusCode());
        assertEquals(400, gateway.get("/usage?from=2026-02-01&to=2026-01-01", ADMIN_KEY).statusCode());
        assertEquals(0, list(PlainJson.parseObject(gateway.get("/usage?to=2001-01-01", ADMIN_KEY).body()).get("keys")).stream()
                .mapToLong(entry -> (Long) totals(entry).get("requests")).sum());

        Path dir = gateway.dir();
        gateway.close();
        gateway = TestGateway.start(PROVIDERS, PRICES + TestGateway.storeYaml(dir), KEYS);
        Map<String, Object> again = PlainJson.parseObject(gateway.get("/usage", key).body());
        assertEquals(2L, totals(first(again.get("keys"))).get("requests"), "the key and its usage outlive the process");
    }

    @Test
    void the_store_is_a_readiness_check_and_its_queue_a_metric() {
        HttpResponse<String> health = gateway.getRoot("/observe/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"store\""), health.body());
        String metrics = gateway.getRoot("/observe/metrics").body();
        assertTrue(metrics.contains("llmbridge_usage_rows_waiting"), "the backlog gauge is served");
        assertTrue(metrics.contains("llmbridge_usage_rows_dropped"));
    }

    @Test
    void only_admins_manage_keys_and_bad_input_is_refused_with_nothing_written() {
        HttpResponse<String> notAdmin = gateway.post("/admin/keys", "{\"name\":\"x\"}", USER_KEY);
        assertEquals(403, notAdmin.statusCode());
        assertEquals("permission_error", error(notAdmin).get("type"));

        assertBadRequest("{\"name\":\"x\",\"colour\":\"red\"}", "colour");
        assertBadRequest("{\"name\":42}", "must be a string");
        assertBadRequest("{\"name\":\"" + "n".repeat(10_000) + "\"}", "at most 128");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":\"next tuesday\"}", "ISO-8601");
        assertBadRequest("{\"name\":\"x\",\"models\":[\"nowhere/*\"]}", "nowhere/*");
        assertBadRequest("{\"name\":\"x\",\"models\":\"echo/*\"}", "list");
        assertBadRequest("{\"name\":\"x\",\"role\":\"root\"}", "role");
        assertBadRequest("[1]", "JSON object");
        assertEquals(0, managedKeys().size(), "nothing was half-written");

        created(gateway, "{\"name\":\"svc\"}");
        assertEquals(409, gateway.post("/admin/keys", "{\"name\":\"svc\"}", ADMIN_KEY).statusCode());
        HttpResponse<String> staticName = gateway.post("/admin/keys", "{\"name\":\"plain-user\"}", ADMIN_KEY);
        assertEquals(409, staticName.statusCode());
        assertEquals("duplicate_key_name", error(staticName).get("code"));

        List<Map<String, Object>> all = list(PlainJson.parseObject(gateway.get("/admin/keys", ADMIN_KEY).body()).get("data"));
        Map<String, Object> ops = all.stream().filter(entry -> "ops".equals(entry.get("name"))).findFirst().orElseThrow();
        assertEquals("static", ops.get("source"));
        assertEquals("admin", ops.get("role"));
        HttpResponse<String> changeStatic = send("PATCH", "/admin/keys/" + ops.get("id"), "{\"disabled\":true}", ADMIN_KEY);
        assertEquals(409, changeStatic.statusCode());
        assertEquals("static_key", error(changeStatic).get("code"));
        assertEquals(404, send("DELETE", "/admin/keys/0123456789abcdef", null, ADMIN_KEY).statusCode());
        assertFalse(PlainJson.write(all).contains(ADMIN_KEY), "static keys are listed by name only");
    }

    private void assertBadRequest(String body, String said) {
        HttpResponse<String> response = gateway.post("/admin/keys", body, ADMIN_KEY);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(error(response).get("message").toString().contains(said), response.body());
    }

    private List<Map<String, Object>> managedKeys() {
        return list(PlainJson.parseObject(gateway.get("/admin/keys", ADMIN_KEY).body()).get("data")).stream()
                .filter(entry -> "managed".equals(entry.get("source"))).toList();
    }

    static Map<String, Object> created(TestGateway gateway, String body) {
        HttpResponse<String> response = gateway.post("/admin/keys", body, ADMIN_KEY);
        assertEquals(201, response.statusCode(), response.body());
        return PlainJson.parseObject(response.body());
    }

    static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    HttpResponse<String> send(String method, String path, String body, String key) {
        return send(gateway, method, path, body, key);
    }

    static HttpResponse<String> send(TestGateway gateway, String method, String path, String body, String key) {
        return TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static Map<String, Object> error(HttpResponse<String> response) {
        return cast(PlainJson.parseObject(response.body()).get("error"));
    }

    static Map<String, Object> totals(Map<String, Object> entry) {
        return cast(entry.get("totals"));
    }

    static Map<String, Object> first(Object list) {
        return list(list).getFirst();
    }

    private static List<String> modelIds(HttpResponse<String> response) {
        return list(PlainJson.parseObject(response.body()).get("data")).stream().map(model -> (String) model.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
