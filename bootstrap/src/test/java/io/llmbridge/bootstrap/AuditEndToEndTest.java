package io.llmbridge.bootstrap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The audit event each kind of request leaves, through the wired gateway, read from the audit file. */
class AuditEndToEndTest {
    private static ClientAndServer upstream;
    private static SlowStreamUpstream slow;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        slow = new SlowStreamUpstream();
        gateway = TestGateway.start("  trusted_proxies: [\"127.0.0.1\"]\n", """
                  up:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      m: {timeout: 30}
                  late:
                    base_url: http://127.0.0.1:%d/late/v1
                    models:
                      m: {timeout: 0.5}
                  slow:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      m: {timeout: 60}
                """.formatted(upstream.getPort(), upstream.getPort(), slow.port()),
                Map.of("UP_API_KEY", TestGateway.PROVIDER_KEY, "LATE_API_KEY", TestGateway.PROVIDER_KEY,
                        "SLOW_API_KEY", TestGateway.PROVIDER_KEY),
                dir -> "resilience:\n  backoff: {initial: 0.001, max: 0.002}\n" + TestGateway.quietLogging(dir));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
        slow.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static Map<String, Object> audited(HttpResponse<String> response) {
        return gateway.auditEvent(TestGateway.requestId(response));
    }

    private static void assertCommon(Map<String, Object> event, String outcome) {
        assertEquals("chat.completion", event.get("event.action"));
        assertEquals(outcome, event.get("event.outcome"));
        assertEquals("http", event.get("transport"));
        assertTrue(((Number) event.get("event.duration")).longValue() > 0, "duration in ns");
        assertTrue(event.get("@timestamp") instanceof String);
    }

    @Test
    void a_success_names_the_caller_route_tokens_upstream_id_and_forwarded_client() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("x-request-id", "up-req-42")
                .withBody("{\"id\":\"chatcmpl-42\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}"));
        HttpResponse<String> response = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).header("X-Forwarded-For", "198.51.100.7")
                .POST(HttpRequest.BodyPublishers.ofString(chat("up/m", false))).build());
        assertEquals(200, response.statusCode(), response.body());

        Map<String, Object> event = audited(response);
        assertCommon(event, "success");
        assertEquals("198.51.100.7", event.get("client.ip"), "forwarded by a trusted proxy");
        assertEquals("test-team", event.get("user.name"));
        assertEquals(false, event.get("llm.stream"));
        assertEquals("up/m", event.get("llm.model.requested"));
        assertEquals("up", event.get("llm.provider"));
        assertEquals("m", event.get("llm.model.upstream"));
        assertEquals(200L, ((Number) event.get("http.response.status_code")).longValue());
        assertEquals(9L, ((Number) event.get("llm.usage.prompt_tokens")).longValue());
        assertEquals(2L, ((Number) event.get("llm.usage.completion_tokens")).longValue());
        assertEquals(11L, ((Number) event.get("llm.usage.total_tokens")).longValue());
        assertEquals("provider", event.get("llm.usage.source"));
        assertEquals("stop", event.get("llm.finish_reason"));
        assertEquals("up-req-42", event.get("llm.upstream.request_id"));
        assertEquals("chatcmpl-42", event.get("llm.response_id"), "the provider's id for its answer");
        assertEquals("up/m", event.get("llm.model.answered"));
        assertEquals(0L, ((Number) event.get("llm.retries")).longValue());
        assertFalse(event.containsKey("llm.prompt"), "content is off by default");
        assertFalse(event.containsKey("llm.completion"));
    }

    @Test
    void a_streamed_success_has_its_time_to_first_token_and_usage() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel\"},\"finish_reason\":null}]}\n\n"
                                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n"
                                + "data: [DONE]\n\n"));
        HttpResponse<String> response = gateway.chat(chat("up/m", true));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());

        Map<String, Object> event = audited(response);
        assertCommon(event, "success");
        assertEquals(true, event.get("llm.stream"));
        assertTrue(((Number) event.get("llm.ttft_ms")).longValue() >= 0);
        assertEquals(5L, ((Number) event.get("llm.usage.total_tokens")).longValue());
        assertEquals("stop", event.get("llm.finish_reason"));
        assertEquals(200L, ((Number) event.get("http.response.status_code")).longValue());
    }

    @Test
    void a_request_answered_after_a_retry_says_how_many_retries_it_took() {
        upstream.when(request().withPath("/v1/chat/completions"), org.mockserver.matchers.Times.once())
                .respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"busy\"}}"));
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));
        HttpResponse<String> response = gateway.chat(chat("up/m", false));
        assertEquals(200, response.statusCode(), response.body());

        Map<String, Object> event = audited(response);
        assertCommon(event, "success");
        assertEquals(1L, ((Number) event.get("llm.retries")).longValue());
        assertEquals("up/m", event.get("llm.model.answered"));
    }

    @Test
    void an_upstream_4xx_is_a_failure_with_the_status_and_message_passed_on() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(422)
                .withBody("{\"error\":{\"message\":\"messages too long\",\"type\":\"invalid_request_error\"}}"));
        HttpResponse<String> response = gateway.chat(chat("up/m", false));
        assertEquals(422, response.statusCode());

        Map<String, Object> event = audited(response);
        assertCommon(event, "failure");
        assertEquals(422L, ((Number) event.get("http.response.status_code")).longValue());
        assertEquals(422L, ((Number) event.get("llm.upstream.status_code")).longValue());
        assertEquals("invalid_request", event.get("error.type"));
        assertEquals("messages too long", event.get("error.message"));
        assertFalse(event.containsKey("llm.usage.source"), "refused before generating: no charge, not even an estimate");
        assertFalse(event.containsKey("llm.usage.prompt_tokens"));
    }

    @Test
    void an_upstream_timeout_is_a_504_failure() {
        upstream.when(request().withPath("/late/v1/chat/completions"))
                .respond(response().withStatusCode(200).withBody("{}").withDelay(TimeUnit.SECONDS, 5));
        HttpResponse<String> response = gateway.chat(chat("late/m", false));
        assertEquals(504, response.statusCode());

        Map<String, Object> event = audited(response);
        assertCommon(event, "failure");
        assertEquals(504L, ((Number) event.get("http.response.status_code")).longValue());
        assertEquals("upstream_timeout", event.get("error.type"));
        assertEquals("upstream_timeout", event.get("error.code"));
        assertEquals("late", event.get("llm.provider"));
    }

    @Test
    void a_client_that_disconnects_mid_stream_is_audited_as_cancelled() throws IOException {
        String body = chat("slow/m", true);
        String requestId = null;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout(60_000);
            TestGateway.sendChat(socket, body);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            requestId = TestGateway.requestIdOfHead(in);
            for (String line = in.readLine(); line != null && !line.startsWith("data: "); line = in.readLine()) {
                // up to the first event: the stream has started
            }
        }
        slow.clientHasGone();
        assertTrue(requestId != null, "the answer started with its request id");

        Map<String, Object> event = gateway.auditEvent(requestId);
        assertCommon(event, "cancelled");
        assertEquals(true, event.get("llm.stream"));
        assertEquals(200L, ((Number) event.get("http.response.status_code")).longValue(), "the stream had started");
        assertTrue(event.containsKey("llm.ttft_ms"));
        assertFalse(event.containsKey("error.type"), "leaving is not an error");
    }

    @Test
    void a_body_that_is_not_a_chat_request_is_audited_with_the_caller_and_the_reason() {
        HttpResponse<String> response = gateway.post("/chat/completions", "{\"model\":\"up/m\",\"messages\":", TestGateway.ACCESS_KEY);
        assertEquals(400, response.statusCode());

        Map<String, Object> event = audited(response);
        assertCommon(event, "failure");
        assertEquals("test-team", event.get("user.name"));
        assertEquals(400L, ((Number) event.get("http.response.status_code")).longValue());
        assertEquals("invalid_request", event.get("error.type"));
    }

    @Test
    void a_bad_key_is_audited_without_a_user_and_with_the_reason() {
        HttpResponse<String> response = gateway.post("/chat/completions", chat("up/m", false), "not-a-valid-key-123");
        assertEquals(401, response.statusCode());

        Map<String, Object> event = audited(response);
        assertCommon(event, "failure");
        assertFalse(event.containsKey("user.name"));
        assertEquals(401L, ((Number) event.get("http.response.status_code")).longValue());
        assertEquals("unauthenticated", event.get("error.type"));
        assertEquals("invalid_api_key", event.get("error.code"));
        assertEquals("Incorrect access key provided.", event.get("error.message"));
        assertEquals("127.0.0.1", event.get("client.ip"), "no X-Forwarded-For: the peer is the client");
    }

}
