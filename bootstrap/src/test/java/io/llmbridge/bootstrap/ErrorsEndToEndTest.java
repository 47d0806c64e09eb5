package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** Every error a client can meet, through the wired gateway, as raw HTTP. */
class ErrorsEndToEndTest {
    private static ClientAndServer upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        // up/m does not retry: these tests map one upstream answer to one status. With retries, a
        // 503 retried with backoff inside the 0.5 s timeout raced the deadline and came out as a
        // 504 on a busy machine. Retries are tested in ResilienceEndToEndTest.
        gateway = TestGateway.start("""
                  up:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      m: {timeout: 0.5, retries: 0}
                  nokey:
                    adapter: openai
                    models:
                      m: {}
                  dead:
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      m: {}
                """.formatted(upstream.getPort(), TestGateway.closedPort()),
                Map.of("UP_API_KEY", TestGateway.PROVIDER_KEY, "DEAD_API_KEY", "sk-dead-0000"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        Map<String, Object> error = (Map<String, Object>) PlainJson.parseObject(response.body()).get("error");
        assertEquals(List.of("message", "type", "param", "code"), List.copyOf(error.keySet()));
        assertFalse(response.body().contains(TestGateway.PROVIDER_KEY));
        assertFalse(response.body().contains(TestGateway.ACCESS_KEY));
        return error;
    }

    private static void upstreamAnswers(org.mockserver.model.HttpResponse answer) {
        upstream.when(request().withPath("/v1/chat/completions")).respond(answer);
    }

    @Test
    void a_missing_or_wrong_access_key_is_401() {
        assertEquals("missing_api_key", error(gateway.post("/chat/completions", chat("up/m", false), null), 401).get("code"));
        assertEquals("invalid_api_key", error(gateway.post("/chat/completions", chat("up/m", false), "not-a-key"), 401).get("code"));
        HttpResponse<String> models = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models")).build());
        error(models, 401);
    }

    @Test
    void malformed_bodies_are_400_naming_the_field() {
        error(gateway.chat("{\"model\": \"up/m\", "), 400);
        assertEquals("messages", error(gateway.chat("{\"model\":\"up/m\",\"messages\":[]}"), 400).get("param"));
        assertEquals("model", error(gateway.chat("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400).get("param"));
    }

    @Test
    void unknown_providers_and_models_are_404_model_not_found() {
        assertEquals("model_not_found", error(gateway.chat(chat("nobody/m", false)), 404).get("code"));
        assertEquals("model_not_found", error(gateway.chat(chat("up/other", false)), 404).get("code"));
        assertEquals("model_not_found", error(gateway.chat(chat("gpt-4o", false)), 404).get("code"));
    }

    @Test
    void a_body_over_the_configured_limit_is_413() {
        error(gateway.chat(chat("up/" + "m".repeat(70_000), false)), 413);
    }

    @Test
    void a_provider_without_its_key_is_503_naming_the_variable() {
        Map<String, Object> error = error(gateway.chat(chat("nokey/m", false)), 503);
        assertEquals("provider_not_configured", error.get("code"));
        assertTrue(((String) error.get("message")).contains("NOKEY_API_KEY"));
    }

    @Test
    void upstream_request_errors_keep_their_status_and_message() {
        upstreamAnswers(response().withStatusCode(422).withBody("{\"error\":{\"message\":\"messages too long\",\"type\":\"invalid_request_error\"}}"));
        assertEquals("messages too long", error(gateway.chat(chat("up/m", false)), 422).get("message"));
    }

    @Test
    void a_rejected_provider_key_is_502_naming_the_variable() {
        upstreamAnswers(response().withStatusCode(401).withBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-te****\"}}"));
        Map<String, Object> error = error(gateway.chat(chat("up/m", false)), 502);
        assertTrue(((String) error.get("message")).contains("UP_API_KEY"));
    }

    @Test
    void an_upstream_rate_limit_is_429_with_retry_after() {
        upstreamAnswers(response().withStatusCode(429).withHeader("Retry-After", "12").withBody("{\"error\":{\"message\":\"slow down\"}}"));
        HttpResponse<String> response = gateway.chat(chat("up/m", false));
        error(response, 429);
        assertEquals("12", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void an_upstream_server_error_is_502() {
        upstreamAnswers(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"));
        assertEquals("upstream_error", error(gateway.chat(chat("up/m", false)), 502).get("type"));
    }

    @Test
    void no_upstream_answer_within_the_model_timeout_is_504() {
        upstreamAnswers(response().withStatusCode(200).withBody("{}").withDelay(TimeUnit.SECONDS, 5));
        assertEquals("upstream_timeout", error(gateway.chat(chat("up/m", false)), 504).get("code"));
        assertEquals("upstream_timeout", error(gateway.chat(chat("up/m", true)), 504).get("code"));
    }

    @Test
    void a_refused_upstream_connection_is_502() {
        assertEquals("upstream_unreachable", error(gateway.chat(chat("dead/m", false)), 502).get("code"));
    }

    @Test
    void a_stream_that_fails_after_its_first_chunk_ends_with_an_error_event_and_no_done() {
        upstreamAnswers(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"},\"finish_reason\":null}]}\n\n"));
        HttpResponse<String> response = gateway.chat(chat("up/m", true));
        assertEquals(200, response.statusCode());
        String[] events = response.body().split("\n\n");
        assertEquals(2, events.length, response.body());
        assertTrue(events[1].startsWith("data: {\"error\":{"), events[1]);
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void wrong_methods_are_405_with_openai_error_json() {
        HttpResponse<String> response = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).GET().build());
        assertEquals("method_not_allowed", error(response, 405).get("code"));
    }
}
