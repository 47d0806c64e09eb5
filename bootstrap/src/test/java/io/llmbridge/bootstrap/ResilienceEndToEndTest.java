package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.UpstreamAttempt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.HttpError;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;

import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Retries, key rotation, fallbacks and deployments through the wired gateway. One MockServer
 * plays every provider (each under its own path), so its log is the order of all upstream calls.
 */
class ResilienceEndToEndTest {
    private static final String BAD_KEY = "sk-rejected-key-1111";
    private static final String GOOD_KEY = "sk-accepted-key-2222";
    /** Backoff in milliseconds, so retries cost the test nothing; breakers that stay open. */
    private static final String RESILIENCE = """
            resilience:
              backoff: {initial: 0.001, max: 0.005}
              key_cooldown: 60
              circuit_breaker: {failures: 2, delay: 600}
            """;

    private static ClientAndServer upstream;
    private TestGateway gateway;
    /** What the gateway recorded of each finished request, as audit and metrics see it. */
    private final List<ChatRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startUpstream() {
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A provider served by MockServer under {@code /<name>/v1}; its keys, if any, from the environment. */
    private static String provider(String name, String models) {
        return "  " + name + ":\n    base_url: http://127.0.0.1:" + upstream.getPort() + "/" + name + "/v1\n"
                + "    api_key_required: false\n    models:\n" + models;
    }

    private void start(Map<String, String> keys, String... providers) {
        gateway = TestGateway.start(String.join("", providers), RESILIENCE, keys, List.of(records::add));
    }

    private static HttpRequest to(String provider) {
        return request().withMethod("POST").withPath("/" + provider + "/v1/chat/completions");
    }

    private static HttpResponse answer(String text) {
        return response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}");
    }

    private static HttpResponse status(int status) {
        return response().withStatusCode(status).withBody("{\"error\":{\"message\":\"HTTP " + status + "\"}}");
    }

    private static HttpResponse events(String... pieces) {
        StringBuilder body = new StringBuilder();
        for (String piece : pieces) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
        }
        return response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
    }

    private static HttpResponse finishedEvents(String... pieces) {
        return events(pieces).withBody(events(pieces).getBodyAsString()
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** Every upstream call, in order, as {@code /<provider>} plus the key it carried when that matters. */
    private static List<String> calls() {
        List<String> calls = new ArrayList<>();
        for (HttpRequest call : upstream.retrieveRecordedRequests(request())) {
            String provider = call.getPath().getValue().split("/")[1];
            String key = call.getFirstHeader("Authorization").replace("Bearer ", "");
            calls.add(key.startsWith("sk-") ? provider + " " + key : provider);
        }
        return calls;
    }

    private static String content(java.net.http.HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) PlainJson.parseObject(response.body()).get("choices")).getFirst()).get("message");
        return (String) message.get("content");
    }

    private static String answeredBy(java.net.http.HttpResponse<String> response) {
        return response.headers().firstValue("x-llmbridge-model").orElse(null);
    }

    private static String errorCode(java.net.http.HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return (String) ((Map<?, ?>) PlainJson.parseObject(response.body()).get("error")).get("code");
    }

    // --- embeddings: the same policy as chats

    private static HttpRequest embeddingsTo(String provider) {
        return request().withMethod("POST").withPath("/" + provider + "/v1/embeddings");
    }

    private static HttpResponse embedding(String model) {
        return response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(
                "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,0.25]}],"
                        + "\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
    }

    private java.net.http.HttpResponse<String> embed(String model) {
        return gateway.post("/embeddings", "{\"model\":\"" + model + "\",\"input\":\"hello\"}", TestGateway.ACCESS_KEY);
    }

    @Test
    void embeddings_rotate_a_rejected_key_and_retry_a_server_error() {
        start(Map.of("UP_API_KEY", BAD_KEY + "," + GOOD_KEY), provider("up", "      e: {kind: embedding}\n"));
        upstream.when(embeddingsTo("up").withHeader("Authorization", "Bearer " + BAD_KEY)).respond(status(401));
        upstream.when(embeddingsTo("up"), Times.once()).respond(status(503));
        upstream.when(embeddingsTo("up")).respond(embedding("e"));

        java.net.http.HttpResponse<String> response = embed("up/e");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("up " + BAD_KEY, "up " + GOOD_KEY, "up " + GOOD_KEY), calls());
        assertEquals(3, records.getFirst().routing().attempts().size());
    }

    @Test
    void a_key_the_provider_rejected_on_a_chat_is_not_tried_again_for_embeddings() {
        start(Map.of("UP_API_KEY", BAD_KEY + "," + GOOD_KEY), provider("up", "      m: {}\n      e: {kind: embedding}\n"));
        upstream.when(to("up").withHeader("Authorization", "Bearer " + BAD_KEY)).respond(status(401));
        upstream.when(embeddingsTo("up").withHeader("Authorization", "Bearer " + BAD_KEY)).respond(status(401));
        upstream.when(to("up")).respond(answer("from the second key"));
        upstream.when(embeddingsTo("up")).respond(embedding("e"));

        assertEquals("from the second key", content(gateway.chat(chat("up/m", false))));
        assertEquals(200, embed("up/e").statusCode());

        assertEquals(List.of("up " + BAD_KEY, "up " + GOOD_KEY, "up " + GOOD_KEY), calls(),
                "one key ring per provider, whichever API the call uses");
    }

    @Test
    void embeddings_fall_back_when_their_model_keeps_failing_and_name_the_model_that_answered() {
        start(Map.of(), provider("up", "      e: {kind: embedding, retries: 1, fallbacks: [other/e2]}\n"),
                provider("other", "      e2: {kind: embedding}\n"));
        upstream.when(embeddingsTo("up")).respond(status(500));
        upstream.when(embeddingsTo("other")).respond(embedding("e2"));

        java.net.http.HttpResponse<String> response = embed("up/e");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("other/e2", answeredBy(response));
        assertEquals(List.of("up", "up", "other"), calls());
        assertEquals("other/e2", records.getFirst().routing().answeringRoute().ref().id());
    }

    @Test
    void an_embeddings_request_the_upstream_calls_invalid_is_neither_retried_nor_failed_over() {
        start(Map.of(), provider("up", "      e: {kind: embedding, fallbacks: [other/e2]}\n"),
                provider("other", "      e2: {kind: embedding}\n"));
        upstream.when(embeddingsTo("up")).respond(response().withStatusCode(400)
                .withBody("{\"error\":{\"message\":\"bad dimensions\",\"param\":\"dimensions\"}}"));

        assertEquals(400, embed("up/e").statusCode());
        assertEquals(List.of("up"), calls());
    }

    // --- retries

    @Test
    void server_errors_are_retried_until_the_upstream_answers() {
        start(Map.of(), provider("up", "      m: {retries: 3}\n"));
        upstream.when(to("up"), Times.once()).respond(status(500));
        upstream.when(to("up"), Times.once()).respond(status(502));
        upstream.when(to("up"), Times.once()).respond(status(503));
        upstream.when(to("up")).respond(answer("third time lucky"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m", false));

        assertEquals("third time lucky", content(response));
        assertEquals("up/m", answeredBy(response));
        assertEquals(List.of("up", "up", "up", "up"), calls());
    }

    @Test
    void retries_are_bounded_and_the_last_failure_reaches_the_client() {
        start(Map.of(), provider("up", "      m: {}\n"));
        upstream.when(to("up")).respond(status(504));

        assertEquals("upstream_error", errorCode(gateway.chat(chat("up/m", false)), 502));

        assertEquals(List.of("up", "up", "up"), calls(), "the first call and the default two retries");
    }

    @Test
    void a_reset_connection_is_retried() {
        start(Map.of(), provider("up", "      m: {}\n"));
        upstream.when(to("up"), Times.once()).error(HttpError.error().withDropConnection(true));
        upstream.when(to("up")).respond(answer("after a reset"));

        assertEquals("after a reset", content(gateway.chat(chat("up/m", false))));

        assertEquals(List.of("up", "up"), calls());
    }

    @Test
    void a_request_the_upstream_calls_invalid_is_neither_retried_nor_failed_over() {
        start(Map.of(), provider("up", "      m: {fallbacks: [other/m]}\n"), provider("other", "      m: {}\n"));
        upstream.when(to("up")).respond(response().withStatusCode(400)
                .withBody("{\"error\":{\"message\":\"bad temperature\",\"param\":\"temperature\"}}"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m", false));

        assertEquals(400, response.statusCode());
        assertEquals(List.of("up"), calls());
    }

    @Test
    void retry_after_is_waited_for_when_there_is_no_other_key() {
        start(Map.of("UP_API_KEY", GOOD_KEY), provider("up", "      m: {timeout: 60}\n"));
        upstream.when(to("up"), Times.once()).respond(status(429).withHeader("Retry-After", "1"));
        upstream.when(to("up")).respond(answer("after waiting"));

        assertEquals("after waiting", content(gateway.chat(chat("up/m", false))));

        assertEquals(List.of("up " + GOOD_KEY, "up " + GOOD_KEY), calls());
    }

    @Test
    void a_retry_after_longer_than_the_models_timeout_reaches_the_client() {
        start(Map.of(), provider("up", "      m: {timeout: 2}\n"));
        upstream.when(to("up")).respond(status(429).withHeader("Retry-After", "30"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m", false));

        assertEquals(429, response.statusCode());
        assertEquals("30", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(List.of("up"), calls());
    }

    // --- keys

    @Test
    void a_429_moves_to_the_next_key_and_the_limited_key_sits_out_its_retry_after() {
        start(Map.of("UP_API_KEY", BAD_KEY + "," + GOOD_KEY), provider("up", "      m: {}\n"));
        upstream.when(to("up").withHeader("Authorization", "Bearer " + BAD_KEY)).respond(status(429).withHeader("Retry-After", "600"));
        upstream.when(to("up")).respond(answer("from the second key"));

        assertEquals("from the second key", content(gateway.chat(chat("up/m", false))));
        assertEquals("from the second key", content(gateway.chat(chat("up/m", false))));

        assertEquals(List.of("up " + BAD_KEY, "up " + GOOD_KEY, "up " + GOOD_KEY), calls());
    }

    @Test
    void a_rejected_key_leaves_the_rotation_and_is_logged_by_its_fingerprint_only() {
        List<String> logged = new ArrayList<>();
        Logger keyRingLog = Logger.getLogger("io.llmbridge.application.service.KeyRing");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        keyRingLog.addHandler(capture);
        try {
            start(Map.of("UP_API_KEY", BAD_KEY + ", " + GOOD_KEY), provider("up", "      m: {}\n"));
            upstream.when(to("up").withHeader("Authorization", "Bearer " + BAD_KEY)).respond(status(401));
            upstream.when(to("up")).respond(answer("good key"));

            for (int i = 0; i < 3; i++) {
                assertEquals("good key", content(gateway.chat(chat("up/m", false))));
            }

            assertEquals(List.of("up " + BAD_KEY, "up " + GOOD_KEY, "up " + GOOD_KEY, "up " + GOOD_KEY), calls());
            ChatRecord rotated = records.getFirst();
            assertEquals(1, rotated.routing().retries());
            assertEquals(List.of(new Secret(BAD_KEY).fingerprint(), new Secret(GOOD_KEY).fingerprint()),
                    rotated.routing().attempts().stream().map(UpstreamAttempt::keyFingerprint).toList());
            assertEquals(401, rotated.routing().attempts().getFirst().error().upstreamStatus());
            assertEquals(0, records.get(1).routing().retries());
            assertEquals(1, logged.size(), logged.toString());
            assertTrue(logged.getFirst().contains(new Secret(BAD_KEY).fingerprint()), logged.getFirst());
            assertFalse(logged.getFirst().contains(BAD_KEY));
        } finally {
            keyRingLog.removeHandler(capture);
        }
    }

    // --- fallbacks

    @Test
    void a_refused_primary_falls_back_and_the_answer_names_the_fallback() {
        gateway = TestGateway.start("""
                  dead:
                    base_url: http://127.0.0.1:%d/v1
                    api_key_required: false
                    models:
                      m: {retries: 1, fallbacks: [up/m]}
                """.formatted(TestGateway.closedPort()) + provider("up", "      m: {}\n"), RESILIENCE, Map.of());
        upstream.when(to("up")).respond(answer("from the fallback"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("dead/m", false));

        assertEquals("from the fallback", content(response));
        assertEquals("up/m", answeredBy(response));
        assertEquals(List.of("up"), calls(), "the refused calls never reached any server");
    }

    @Test
    void a_stalled_primary_times_out_and_falls_back_in_order() {
        start(Map.of(), provider("slow", "      m: {timeout: 0.5, fallbacks: [broken/m, up/m]}\n"),
                provider("broken", "      m: {retries: 0}\n"), provider("up", "      m: {}\n"));
        upstream.when(to("slow")).respond(answer("too late").withDelay(TimeUnit.SECONDS, 10));
        upstream.when(to("broken")).respond(status(503));
        upstream.when(to("up")).respond(answer("second fallback"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("slow/m", false));

        assertEquals("second fallback", content(response));
        assertEquals("up/m", answeredBy(response));
        assertEquals(List.of("slow", "broken", "up"), calls(), "the stall used up the timeout: no retry of it");
        ChatRecord record = records.getFirst();
        assertEquals("slow/m", record.routing().route().ref().id());
        assertEquals("up/m", record.routing().answeringRoute().ref().id());
        assertTrue(record.routing().fellBack());
        assertEquals(2, record.routing().retries());
        assertEquals(List.of("slow/m", "broken/m", "up/m"), record.routing().attempts().stream().map(a -> a.model().id()).toList());
    }

    // --- deployments

    @Test
    void deployments_share_requests_by_weight() {
        start(Map.of(), provider("east", "      gpt: {}\n"), provider("west", "      gpt: {}\n"),
                provider("gw", "      gpt:\n        deployments:\n          - {provider: east, weight: 2}\n"
                        + "          - {provider: west, model: gpt-west}\n"));
        upstream.when(to("east")).respond(answer("east"));
        upstream.when(to("west")).respond(answer("west"));

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answered.add(answeredBy(gateway.chat(chat("gw/gpt", false))));
        }

        assertEquals(List.of("east/gpt", "west/gpt-west", "east/gpt"), answered);
        assertEquals(List.of("east", "west", "east"), calls());
        HttpRequest west = upstream.retrieveRecordedRequests(to("west"))[0];
        assertEquals("gpt-west", PlainJson.parseObject(west.getBodyAsString()).get("model"));
    }

    @Test
    void a_failing_deployment_hands_over_to_the_next_and_its_breaker_opens() {
        start(Map.of(), provider("east", "      gpt: {}\n"), provider("west", "      gpt: {}\n"),
                provider("gw", "      gpt:\n        retries: 1\n        deployments: [{provider: east}, {provider: west}]\n"));
        upstream.when(to("east")).respond(status(500));
        upstream.when(to("west")).respond(answer("west"));

        for (int i = 0; i < 5; i++) {
            java.net.http.HttpResponse<String> response = gateway.chat(chat("gw/gpt", false));
            assertEquals("west", content(response));
            assertEquals("west/gpt", answeredBy(response));
        }

        // east fails twice (each time handing over to west at once), then its breaker keeps it out.
        assertEquals(List.of("east", "west", "west", "east", "west", "west", "west"), calls());
        assertEquals(UpstreamAttempt.CircuitChange.OPENED, records.get(2).routing().attempts().getFirst().circuit(),
                "the second failure in a row opened east's breaker, and the record says so");
        assertFalse(records.get(2).routing().fellBack(), "a deployment answering is not a fallback");
    }

    // --- streams

    @Test
    void a_stream_fails_over_before_its_first_chunk() {
        start(Map.of(), provider("up", "      m: {retries: 1, fallbacks: [other/m]}\n"), provider("other", "      m: {}\n"));
        upstream.when(to("up"), Times.once()).respond(status(503));
        upstream.when(to("up")).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream"));
        upstream.when(to("other")).respond(finishedEvents("fall", "back"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m", true));

        assertEquals(200, response.statusCode());
        assertEquals("other/m", answeredBy(response));
        assertTrue(response.body().contains("\"fall\"") && response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertEquals(List.of("up", "up", "other"), calls(), "a 503, then a stream closed before any chunk, then the fallback");
    }

    @Test
    void a_stream_is_never_retried_once_its_first_chunk_is_out() {
        start(Map.of(), provider("up", "      m: {retries: 2, fallbacks: [other/m]}\n"), provider("other", "      m: {}\n"));
        upstream.when(to("up")).respond(events("partial"));
        upstream.when(to("other")).respond(finishedEvents("never"));

        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m", true));

        assertEquals(200, response.statusCode());
        assertEquals("up/m", answeredBy(response));
        String[] sent = response.body().split("\n\n");
        assertEquals(2, sent.length, response.body());
        assertTrue(sent[0].contains("\"partial\""));
        assertTrue(sent[1].startsWith("data: {\"error\":{"), sent[1]);
        assertEquals(List.of("up"), calls());
    }

    @Test
    void the_x_llmbridge_model_header_names_the_requested_model_when_it_answered() {
        start(Map.of(), provider("up", "      m<fast>: {}\n"));
        upstream.when(to("up")).respond(answer("ok"));
        java.net.http.HttpResponse<String> response = gateway.chat(chat("up/m<fast>", false));
        assertEquals("up/m<fast>", answeredBy(response));
        assertTrue(Arrays.asList(response.headers().allValues("x-llmbridge-model").toArray()).size() == 1);
    }
}
