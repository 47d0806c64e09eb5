package io.llmbridge.adapter.in.http;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.TrustedProxies;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/admin/keys} on a real server, with a fake use case that keeps what it was asked. */
class AdminKeysEndpointTest {
    private static final String ADMIN_KEY = "admin-key";
    private static final String USER_KEY = "user-key";
    private static final Instant CREATED = Instant.parse("2026-06-01T12:00:00Z");
    private static final ManagedKey KEY = ManagedKey.issued("0123456789abcdef", "svc", "red", Caller.Role.USER,
            ModelAllowList.of(List.of("echo/*")), null, Map.of("rpm", 60L), null, CREATED);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final FakeAdministration ADMIN = new FakeAdministration();
    private static WebServer server;

    @BeforeAll
    static void start() {
        ChatCompletionUseCase chat = new ChatCompletionUseCase() {
            @Override
            public ChatResponse complete(ChatCommand command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ChatStream stream(ChatCommand command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void refused(Caller caller, RequestContext context, BridgeException error) {
            }
        };
        OpenAiHttpApi api = new OpenAiHttpApi((key, context) -> switch (String.valueOf(key)) {
            case ADMIN_KEY -> new Caller("ops", Caller.Role.ADMIN);
            case USER_KEY -> new Caller("someone", Caller.Role.USER);
            default -> throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "bad key").code("invalid_api_key").build();
        }, chat, (ListModelsUseCase) null, (UsageReportUseCase) null, ADMIN, TrustedProxies.NONE,
                new RequestBodies(4096, Duration.ofSeconds(10), new LargeBodies(4096, 1 << 20, Duration.ZERO)));
        server = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.register("/v1", api)).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        ADMIN.calls.clear();
    }

    @Test
    void creating_a_key_answers_201_with_the_key_once() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/admin/keys", "{\"name\":\"svc\",\"team\":\"red\",\"role\":\"user\","
                + "\"models\":[\"echo/*\"],\"expires_at\":\"2027-01-01T00:00:00+01:00\",\"limits\":{\"rpm\":60},\"metadata\":{}}", ADMIN_KEY);
        assertEquals(201, response.statusCode(), response.body());
        Map<String, Object> json = PlainJson.parseObject(response.body());
        assertEquals(List.of("id", "key", "name", "team", "role", "models", "expires_at", "limits", "created_at"),
                List.copyOf(json.keySet()));
        assertEquals("llmb-secret", json.get("key"));
        assertEquals("2026-06-01T12:00:00Z", json.get("created_at"));
        KeyAdministrationUseCase.NewKey asked = (KeyAdministrationUseCase.NewKey) ADMIN.calls.getLast();
        assertEquals(Instant.parse("2026-12-31T23:00:00Z"), asked.expiresAt());
        assertEquals(List.of("echo/*"), asked.models().patterns());
    }

    @Test
    void reading_changing_and_revoking_name_the_key_by_its_id_and_never_show_a_secret() throws Exception {
        HttpResponse<String> got = send("GET", "/v1/admin/keys/0123456789abcdef", null, ADMIN_KEY);
        assertEquals(200, got.statusCode());
        assertFalse(got.body().contains("llmb-secret"));
        assertEquals("managed", PlainJson.parseObject(got.body()).get("source"));

        assertEquals(200, send("PATCH", "/v1/admin/keys/0123456789abcdef", "{\"disabled\":true,\"team\":null}", ADMIN_KEY).statusCode());
        assertEquals("KeyUpdate[TEAM, DISABLED]", ADMIN.calls.getLast().toString());
        assertEquals(200, send("DELETE", "/v1/admin/keys/0123456789abcdef", null, ADMIN_KEY).statusCode());
        assertEquals("revoke 0123456789abcdef", ADMIN.calls.getLast());

        Map<String, Object> list = PlainJson.parseObject(send("GET", "/v1/admin/keys?team=red", null, ADMIN_KEY).body());
        assertEquals("red", ADMIN.calls.getLast());
        assertEquals(2, ((List<?>) list.get("data")).size());
    }

    @Test
    void a_user_is_refused_before_its_body_is_read() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/admin/keys", "not even json", USER_KEY);
        assertEquals(403, response.statusCode());
        assertEquals("permission_error", error(response).get("type"));
        assertTrue(ADMIN.calls.isEmpty());
    }

    @Test
    void hostile_bodies_get_400_with_a_clear_message_and_reach_no_use_case() throws Exception {
        assertRefused("{\"name\":\"svc\",\"admin\":true}", "Unknown field 'admin'");
        assertRefused("{\"team\":\"red\"}", "'name' is required");
        assertRefused("{\"name\":[\"svc\"]}", "'name' must be a string, not array");
        assertRefused("{\"name\":\"svc\",\"models\":[1]}", "'models' must be a list");
        assertRefused("{\"name\":\"svc\",\"models\":[\"no-slash\"]}", "no-slash");
        assertRefused("{\"name\":\"svc\",\"expires_at\":\"2027-13-01\"}", "ISO-8601");
        assertRefused("{\"name\":\"svc\",\"limits\":[]}", "'limits' must be a JSON object");
        assertRefused("{\"name\":\"svc\"", "could not parse");
        assertRefused("\"svc\"", "JSON object");
        HttpResponse<String> tooLarge = send("POST", "/v1/admin/keys", "{\"name\":\"" + "n".repeat(10_000) + "\"}", ADMIN_KEY);
        assertEquals(413, tooLarge.statusCode());
        HttpResponse<String> badPatch = send("PATCH", "/v1/admin/keys/x", "{\"name\":\"renamed\"}", ADMIN_KEY);
        assertEquals(400, badPatch.statusCode());
        assertTrue(ADMIN.calls.stream().allMatch(call -> call instanceof BridgeException), ADMIN.calls.toString());
    }

    private static void assertRefused(String body, String said) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/admin/keys", body, ADMIN_KEY);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(error(response).get("message").toString().contains(said), response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpResponse<String> response) {
        return (Map<String, Object>) PlainJson.parseObject(response.body()).get("error");
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers with {@link #KEY} and keeps each command (or refusal) it was given. */
    private static final class FakeAdministration implements KeyAdministrationUseCase {
        final List<Object> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void requireAdmin(Caller caller, RequestContext context) {
            if (!caller.isAdmin()) {
                throw BridgeException.of(ErrorKind.PERMISSION_DENIED, "admins only").code("admin_only").build();
            }
        }

        @Override
        public void refused(Caller caller, RequestContext context, BridgeException error) {
            calls.add(error);
        }

        @Override
        public IssuedKey create(Caller caller, NewKey key, RequestContext context) {
            calls.add(key);
            return new IssuedKey(KEY, new Secret("llmb-secret"));
        }

        @Override
        public KeyList list(Caller caller, String team, RequestContext context) {
            calls.add(team);
            return new KeyList(List.of(KEY), List.of(caller));
        }

        @Override
        public ManagedKey get(Caller caller, String id, RequestContext context) {
            calls.add("get " + id);
            return KEY;
        }

        @Override
        public ManagedKey update(Caller caller, String id, KeyUpdate update, RequestContext context) {
            calls.add(update);
            return KEY;
        }

        @Override
        public ManagedKey revoke(Caller caller, String id, RequestContext context) {
            calls.add("revoke " + id);
            return KEY.revokedAt(CREATED);
        }
    }
}
