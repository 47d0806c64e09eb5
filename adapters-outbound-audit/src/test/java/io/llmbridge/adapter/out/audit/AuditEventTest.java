package io.llmbridge.adapter.out.audit;

import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditEventTest {
    private static final Redaction NO_SECRETS = new Redaction(List.of());
    /** Shaped like a Google API key, built at run time so the source holds nothing key-shaped. */
    private static final String GOOGLE_SHAPED_KEY = "AIza" + "SyA" + "1234567890".repeat(3) + "1";

    private static Map<String, Object> fields(ChatRecord record) {
        return AuditEvent.fields(record, NO_SECRETS);
    }

    @Test
    void a_success_names_who_called_what_and_how_it_went() {
        ChatRecord record = Records.success();
        Map<String, Object> fields = fields(record);
        assertEquals("chat.completion", fields.get("event.action"));
        assertEquals("success", fields.get("event.outcome"));
        assertEquals(1_234_000_000L, fields.get("event.duration"));
        assertEquals(record.request().context().requestId(), fields.get("llm.request_id"));
        assertEquals("10.1.2.3", fields.get("client.ip"));
        assertEquals("team-a", fields.get("user.name"));
        assertEquals("http", fields.get("transport"));
        assertEquals(false, fields.get("llm.stream"));
        assertEquals("deepseek/deepseek-chat", fields.get("llm.model.requested"));
        assertEquals("deepseek", fields.get("llm.provider"));
        assertEquals("deepseek-chat", fields.get("llm.model.upstream"));
        assertEquals(200, fields.get("http.response.status_code"));
        assertEquals(12L, fields.get("llm.usage.prompt_tokens"));
        assertEquals(5L, fields.get("llm.usage.completion_tokens"));
        assertEquals(17L, fields.get("llm.usage.total_tokens"));
        assertEquals("provider", fields.get("llm.usage.source"));
        assertEquals("stop", fields.get("llm.finish_reason"));
        assertEquals("up-1", fields.get("llm.upstream.request_id"));
        assertEquals("chatcmpl-1", fields.get("llm.response_id"));
        assertFalse(fields.containsKey("llm.ttft_ms"), "a whole answer has no first chunk");
        assertFalse(fields.keySet().stream().anyMatch(key -> key.startsWith("error.")));
        assertFalse(fields.containsKey("llm.prompt"));
    }

    @Test
    void a_streamed_success_has_its_time_to_first_token() {
        Map<String, Object> fields = fields(Records.streamed(Outcome.SUCCESS, null));
        assertEquals(true, fields.get("llm.stream"));
        assertEquals(300L, fields.get("llm.ttft_ms"));
        assertEquals(200, fields.get("http.response.status_code"));
    }

    @Test
    void an_upstream_4xx_keeps_the_status_the_client_got_and_the_upstream_status() {
        Map<String, Object> fields = fields(Records.failed(BridgeException.of(ErrorKind.INVALID_REQUEST, "messages too long")
                .upstreamStatus(422).build()));
        assertEquals("failure", fields.get("event.outcome"));
        assertEquals(422, fields.get("http.response.status_code"));
        assertEquals(422, fields.get("llm.upstream.status_code"));
        assertEquals("invalid_request", fields.get("error.type"));
        assertEquals("messages too long", fields.get("error.message"));
    }

    @Test
    void an_upstream_timeout_is_a_504_failure() {
        Map<String, Object> fields = fields(Records.failed(BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "no answer in 30 s")
                .code("upstream_timeout").build()));
        assertEquals(504, fields.get("http.response.status_code"));
        assertEquals("upstream_timeout", fields.get("error.type"));
        assertEquals("upstream_timeout", fields.get("error.code"));
    }

    @Test
    void a_client_that_leaves_mid_stream_is_cancelled_after_a_200_and_without_an_error() {
        Map<String, Object> fields = fields(Records.streamed(Outcome.CANCELLED, null));
        assertEquals("cancelled", fields.get("event.outcome"));
        assertEquals(200, fields.get("http.response.status_code"));
        assertFalse(fields.containsKey("error.type"));
        assertEquals("client", fields.get("event.reason"));
    }

    @Test
    void a_stream_the_gateway_ended_at_shutdown_is_cancelled_for_that_reason_not_failed() {
        Map<String, Object> fields = fields(Records.streamed(Outcome.CANCELLED, BridgeException.gatewayShutdown()));
        assertEquals("cancelled", fields.get("event.outcome"));
        assertEquals("shutdown", fields.get("event.reason"));
        assertEquals("gateway_shutdown", fields.get("error.code"));
        assertEquals(200, fields.get("http.response.status_code"));
    }

    @Test
    void a_stream_that_fails_after_its_first_chunk_was_still_a_200() {
        Map<String, Object> fields = fields(Records.streamed(Outcome.FAILURE, BridgeException.of(ErrorKind.UPSTREAM_ERROR, "cut").build()));
        assertEquals(200, fields.get("http.response.status_code"));
        assertEquals("upstream_error", fields.get("error.type"));
    }

    @Test
    void a_refused_key_has_no_user_and_says_why() {
        Map<String, Object> fields = fields(Records.refused());
        assertFalse(fields.containsKey("user.name"));
        assertEquals(401, fields.get("http.response.status_code"));
        assertEquals("unauthenticated", fields.get("error.type"));
        assertEquals("invalid_api_key", fields.get("error.code"));
        assertEquals("Incorrect access key provided.", fields.get("error.message"));
    }

    @Test
    void a_websocket_event_has_no_http_status() {
        ChatRecord base = Records.success();
        ChatRecord ws = new ChatRecord(new ChatRecord.Request(Records.context(Transport.WS), base.request().caller(),
                base.request().requestedModel(), true), new ChatRecord.Routing(base.routing().route(), null, List.of(), null),
                ChatRecord.Answer.NONE, new ChatRecord.Ending(Outcome.SUCCESS, null, null, Duration.ofMillis(1), Duration.ofMillis(2)), null);
        Map<String, Object> fields = fields(ws);
        assertEquals("ws", fields.get("transport"));
        assertFalse(fields.containsKey("http.response.status_code"));
    }

    @Test
    void statuses_match_the_http_adapter_for_every_kind() {
        Map<ErrorKind, Integer> expected = Map.ofEntries(Map.entry(ErrorKind.INVALID_REQUEST, 400),
                Map.entry(ErrorKind.UNAUTHENTICATED, 401), Map.entry(ErrorKind.PERMISSION_DENIED, 403),
                Map.entry(ErrorKind.MODEL_NOT_FOUND, 404), Map.entry(ErrorKind.NOT_FOUND, 404), Map.entry(ErrorKind.CONFLICT, 409),
                Map.entry(ErrorKind.PAYLOAD_TOO_LARGE, 413), Map.entry(ErrorKind.RATE_LIMITED, 429),
                Map.entry(ErrorKind.UPSTREAM_ERROR, 502), Map.entry(ErrorKind.UPSTREAM_TIMEOUT, 504),
                Map.entry(ErrorKind.UNAVAILABLE, 503), Map.entry(ErrorKind.INTERNAL, 500));
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(expected.get(kind), OpenAiErrors.httpStatus(BridgeException.of(kind, "x").build()), kind.name());
        }
        assertEquals(400, OpenAiErrors.httpStatus(BridgeException.of(ErrorKind.INVALID_REQUEST, "x").upstreamStatus(418).build()));
    }

    @Test
    void a_retried_request_counts_its_retries_and_names_the_model_that_answered() {
        Map<String, Object> event = fields(Records.retried());
        assertEquals(1, event.get(AuditFields.RETRIES));
        assertEquals("deepseek/deepseek-chat", event.get(AuditFields.MODEL_ANSWERED));
    }

    @Test
    void the_key_pattern_is_only_tried_where_one_of_its_anchors_is() {
        for (String plain : List.of("req_0123456789abcdef01234567", "deepseek/deepseek-chat", "10.1.2.3", "stop", "team-a")) {
            assertFalse(Redaction.mayBeKeyShaped(plain), plain);
        }
        for (String suspect : List.of("BeArEr xyz", "x sk-y", "AIzaZ", "?key=1")) {
            assertTrue(Redaction.mayBeKeyShaped(suspect), suspect);
        }
        assertEquals("token " + Redaction.MASK, NO_SECRETS.scrub("token BEARER abcdefghijkl").replace("BEARER ", ""));
    }

    @Test
    void every_field_written_is_a_published_field() {
        Set<String> written = new HashSet<>();
        written.addAll(fields(Records.withContent("user: hi", "hello")).keySet());
        written.addAll(fields(Records.failed(BridgeException.of(ErrorKind.INVALID_REQUEST, "x").code("c").upstreamStatus(400).build())).keySet());
        written.addAll(fields(Records.streamed(Outcome.SUCCESS, null)).keySet());
        written.addAll(fields(Records.streamed(Outcome.CANCELLED, null)).keySet());
        written.addAll(fields(Records.retried()).keySet());
        written.addAll(fields(ChatRecord.administered(Records.context(Transport.HTTP), Records.success().request().caller(),
                "0123456789abcdef", null)).keySet());
        written.addAll(AuditEvent.summary(new RefusalFlood.Summary(Records.refused(), 2, true), NO_SECRETS).keySet());
        written.addAll(AuditEvent.fields(Records.success(), NO_SECRETS,
                new TraceIds("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")).keySet());
        written.add(AuditFields.TIMESTAMP);
        assertEquals(Set.copyOf(AuditFields.ALL), written, "AuditFields.ALL lists exactly what events can carry");
    }

    @Test
    void keys_and_key_shaped_text_are_masked_in_every_field() {
        String accessKey = "team-a-access-key-123456";
        String providerKey = "pk-upstream-0123456789";
        Redaction redaction = new Redaction(List.of(new Secret(accessKey), new Secret(providerKey)));
        ChatRecord record = Records.withContent("user: my key is " + accessKey, "Authorization: Bearer abc.def.ghi");
        ChatRecord failed = Records.failed(BridgeException.of(ErrorKind.INVALID_REQUEST,
                "Incorrect API key provided: " + providerKey + " (also sk-proj-abcdefghijkl and " + GOOGLE_SHAPED_KEY + ")").build());
        String written = AuditEvent.fields(record, redaction) + " " + AuditEvent.fields(failed, redaction);
        for (String secret : List.of(accessKey, providerKey, "abc.def.ghi", "sk-proj-abcdefghijkl", GOOGLE_SHAPED_KEY)) {
            assertFalse(written.contains(secret), secret + " in " + written);
        }
        assertTrue(written.contains("my key is [REDACTED]"), written);
        assertEquals("Send it as 'Authorization: Bearer <key>'.", redaction.scrub("Send it as 'Authorization: Bearer <key>'."),
                "a placeholder is not a token");
    }

    @Test
    void error_messages_are_one_bounded_line() {
        Map<String, Object> fields = fields(Records.failed(BridgeException.of(ErrorKind.UPSTREAM_ERROR,
                "first\nsecond\r\n" + "x".repeat(5000)).build()));
        String message = (String) fields.get("error.message");
        assertTrue(message.startsWith("first second x"), message);
        assertEquals(AuditEvent.MAX_ERROR_MESSAGE + 1, message.length());
    }

    @Test
    void a_client_chosen_name_is_cut_to_a_bound_and_said_to_be_cut() {
        String hugeModel = "p/" + "m".repeat(1_000_000);
        ChatRecord record = ChatRecord.refused(Records.context(Transport.HTTP), Records.CALLER, hugeModel,
                BridgeException.modelNotFound(hugeModel));

        Map<String, Object> fields = fields(record);

        String model = (String) fields.get(AuditFields.MODEL_REQUESTED);
        assertEquals(io.llmbridge.domain.ClientText.MAX_NAME + 1, model.length());
        assertTrue(model.endsWith("…"));
        assertTrue(((String) fields.get(AuditFields.ERROR_MESSAGE)).length() <= AuditEvent.MAX_ERROR_MESSAGE + 1);
    }
}
