package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.Deployment;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.UpstreamAttempt;
import io.llmbridge.domain.UpstreamAttempt.CircuitChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.llmbridge.application.service.ScriptedUpstreams.answers;
import static io.llmbridge.application.service.ScriptedUpstreams.fails;
import static io.llmbridge.application.service.ScriptedUpstreams.failsAfter;
import static io.llmbridge.application.service.ScriptedUpstreams.rateLimited;
import static io.llmbridge.application.service.ScriptedUpstreams.refused;
import static io.llmbridge.application.service.ScriptedUpstreams.status;
import static io.llmbridge.application.service.ScriptedUpstreams.streamsThenFails;
import static io.llmbridge.application.service.ScriptedUpstreams.timedOut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries, key rotation, fallbacks, deployments and breakers, on scripted upstreams and a clock
 * that never waits: each test asserts the calls made, in order, and what was waited.
 */
class ResilienceTest {
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 2, Duration.ofSeconds(30));
    /** With {@link FakeTiming#random()} at one half, waits are three quarters of 100 ms, 200 ms, … */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(75);
    private static final Duration SECOND_BACKOFF = Duration.ofMillis(150);

    private final FakeTiming timing = new FakeTiming();
    private final ScriptedUpstreams upstreams = new ScriptedUpstreams(timing);
    private final List<ModelRoute> catalog = new ArrayList<>();
    private final List<ChatRecord> records = new ArrayList<>();
    private ChatCompletionService service;

    private ModelRoute route(String id, int retries, List<String> fallbacks, Deployment... deployments) {
        return route(id, retries, Duration.ofSeconds(10), ParamRules.NONE, fallbacks, deployments);
    }

    private ModelRoute route(String id, int retries, Duration timeout, ParamRules rules, List<String> fallbacks,
                             Deployment... deployments) {
        ModelRef ref = ModelRef.parse(id);
        ModelRoute route = new ModelRoute(ref, ref.model(), null, timeout, rules, retries,
                fallbacks.stream().map(ModelRef::parse).toList(), Arrays.asList(deployments));
        catalog.add(route);
        return route;
    }

    private static Deployment deployment(String target, int weight) {
        return new Deployment(ModelRef.parse(target), weight);
    }

    private ChatCompletionService service() {
        if (service == null) {
            ModelCatalog models = new ModelCatalog() {
                @Override
                public Optional<ModelRoute> find(ModelRef ref) {
                    return catalog.stream().filter(route -> route.ref().equals(ref)).findFirst();
                }

                @Override
                public List<ModelRoute> all() {
                    return catalog;
                }

                @Override
                public Instant loadedAt() {
                    return Instant.EPOCH;
                }
            };
            service = new ChatCompletionService(models, upstreams, List.of(records::add), null, ContentCapture.OFF, SETTINGS, Quotas.NONE, timing);
        }
        return service;
    }

    private static ChatCommand command(String model, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        body.put("stream", stream);
        return new ChatCommand(new Caller("team", Caller.Role.USER), ChatRequest.from(body),
                RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null));
    }

    private ChatResponse complete(String model) {
        return service().complete(command(model, false));
    }

    private BridgeException completeFails(String model) {
        return assertThrows(BridgeException.class, () -> complete(model));
    }

    private ChatRecord lastRecord() {
        return records.getLast();
    }

    // --- retries

    @Test
    void transient_failures_are_retried_with_a_growing_jittered_backoff() {
        upstreams.provider("p", "k1").script("p", "k1", fails(status(503)), fails(refused()));
        route("p/m", 2, List.of());

        assertEquals("{\"answer\":\"ok\"}", complete("p/m").json());

        assertEquals(List.of("p/m k1", "p/m k1", "p/m k1"), upstreams.calls);
        assertEquals(List.of(FIRST_BACKOFF, SECOND_BACKOFF), timing.pauses);
        ChatRecord record = lastRecord();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(2, record.routing().retries());
        assertEquals(List.of(503), record.routing().attempts().stream().filter(UpstreamAttempt::failed)
                .map(a -> a.error().upstreamStatus()).filter(java.util.Objects::nonNull).toList());
        assertEquals("p/m", record.routing().answeringRoute().ref().id());
    }

    @Test
    void each_of_500_502_503_504_timeouts_and_connection_failures_is_retried() {
        upstreams.provider("p", "k1").script("p", "k1", fails(status(500)), fails(status(502)), fails(status(503)),
                fails(status(504)), fails(timedOut()), fails(refused()));
        route("p/m", 6, Duration.ofSeconds(60), ParamRules.NONE, List.of());
        complete("p/m");
        assertEquals(7, upstreams.calls.size());
    }

    @Test
    void gives_up_after_its_retries_with_the_last_failure() {
        BridgeException last = status(502);
        upstreams.provider("p", "k1").script("p", "k1", fails(status(503)), fails(status(500)), fails(last));
        route("p/m", 2, List.of());

        assertSame(last, completeFails("p/m"));

        assertEquals(3, upstreams.calls.size());
        assertEquals(Outcome.FAILURE, lastRecord().ending().outcome());
        assertEquals(3, lastRecord().routing().attempts().size());
        assertNull(lastRecord().routing().answeringRoute());
    }

    @Test
    void a_request_the_upstream_calls_invalid_is_neither_retried_nor_sent_to_a_fallback() {
        upstreams.provider("p", "k1").provider("q").script("p", "k1", fails(status(400)));
        route("p/m", 2, List.of("q/m"));
        route("q/m", 0, List.of());

        assertEquals(400, completeFails("p/m").upstreamStatus());

        assertEquals(List.of("p/m k1"), upstreams.calls);
        assertTrue(timing.pauses.isEmpty());
    }

    @Test
    void other_upstream_statuses_are_not_retried_but_fall_back() {
        upstreams.provider("p", "k1").provider("q").script("p", "k1", fails(status(501)));
        route("p/m", 2, List.of("q/m"));
        route("q/m", 0, List.of());

        assertEquals("q/m", complete("p/m").answeredBy());
        assertEquals(List.of("p/m k1", "q/m null"), upstreams.calls);
    }

    @Test
    void retry_after_is_honoured_when_longer_than_the_backoff() {
        upstreams.provider("p", "k1").script("p", "k1", fails(rateLimited("3")));
        route("p/m", 2, List.of());

        complete("p/m");

        assertEquals(List.of(Duration.ofSeconds(3)), timing.pauses);
        assertEquals(2, upstreams.calls.size());
    }

    @Test
    void a_retry_after_as_an_http_date_is_honoured_too() {
        String inFiveSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(timing.now().plusSeconds(5).atZone(java.time.ZoneOffset.UTC));
        upstreams.provider("p", "k1").script("p", "k1", fails(rateLimited(inFiveSeconds)));
        route("p/m", 1, List.of());

        complete("p/m");

        assertEquals(List.of(Duration.ofSeconds(5)), timing.pauses);
    }

    @Test
    void a_retry_after_beyond_the_models_timeout_is_not_waited_for_and_reaches_the_client() {
        upstreams.provider("p", "k1").script("p", "k1", fails(rateLimited("30")));
        route("p/m", 2, List.of());

        BridgeException error = completeFails("p/m");

        assertEquals(ErrorKind.RATE_LIMITED, error.kind());
        assertEquals("30", error.retryAfter());
        assertEquals(1, upstreams.calls.size());
        assertTrue(timing.pauses.isEmpty());
    }

    @Test
    void a_retry_only_gets_what_is_left_of_the_models_timeout() {
        upstreams.provider("p", "k1").script("p", "k1", failsAfter(Duration.ofSeconds(4), status(503)));
        route("p/m", 2, List.of());

        complete("p/m");

        assertEquals(Duration.ofSeconds(10), upstreams.routes.get(0).timeout());
        assertEquals(Duration.ofSeconds(6).minus(FIRST_BACKOFF), upstreams.routes.get(1).timeout());
    }

    @Test
    void a_retry_that_runs_out_of_the_timeout_names_the_configured_timeout_not_what_was_left() {
        upstreams.provider("p", "k1").script("p", "k1", failsAfter(Duration.ofSeconds(4), status(503)), fails(timedOut()));
        route("p/m", 1, List.of());

        BridgeException error = completeFails("p/m");

        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, error.kind());
        assertEquals("Provider 'p' did not answer within 10000 ms (the timeout of p/m, retries included).", error.getMessage());
    }

    @Test
    void a_call_that_used_up_the_timeout_is_not_retried() {
        upstreams.provider("p", "k1").script("p", "k1", failsAfter(Duration.ofSeconds(10), timedOut()));
        route("p/m", 2, List.of());

        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, completeFails("p/m").kind());
        assertEquals(1, upstreams.calls.size());
    }

    @Test
    void no_retries_configured_means_one_call() {
        upstreams.provider("p", "k1").script("p", "k1", fails(status(503)));
        route("p/m", 0, List.of());
        completeFails("p/m");
        assertEquals(1, upstreams.calls.size());
    }

    // --- keys

    @Test
    void requests_take_the_keys_in_turn() {
        upstreams.provider("p", "k1", "k2", "k3");
        route("p/m", 2, List.of());
        for (int i = 0; i < 4; i++) {
            complete("p/m");
        }
        assertEquals(List.of("p/m k1", "p/m k2", "p/m k3", "p/m k1"), upstreams.calls);
    }

    @Test
    void a_429_moves_to_the_next_key_at_once() {
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(rateLimited(null)));
        route("p/m", 2, List.of());

        complete("p/m");

        assertEquals(List.of("p/m k1", "p/m k2"), upstreams.calls);
        assertTrue(timing.pauses.isEmpty());
        assertEquals(List.of("k1", "k2"), lastRecord().routing().attempts().stream().map(UpstreamAttempt::keyFingerprint).toList());
    }

    @Test
    void a_key_rate_limited_with_retry_after_sits_out_for_other_requests_too() {
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(rateLimited("20")));
        route("p/m", 2, List.of());

        complete("p/m");
        complete("p/m");
        complete("p/m");
        timing.advance(Duration.ofSeconds(20));
        complete("p/m");

        assertEquals(List.of("p/m k1", "p/m k2", "p/m k2", "p/m k2", "p/m k1"), upstreams.calls);
    }

    @Test
    void a_rejected_key_is_out_of_rotation_until_its_cooldown_ends() {
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(status(401)));
        route("p/m", 2, List.of());

        complete("p/m");
        complete("p/m");
        timing.advance(Duration.ofSeconds(60));
        complete("p/m");

        assertEquals(List.of("p/m k1", "p/m k2", "p/m k2", "p/m k1"), upstreams.calls);
        assertTrue(timing.pauses.isEmpty(), "another key needs no backoff");
    }

    @Test
    void a_403_takes_a_key_out_of_rotation_like_a_401() {
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(status(403)));
        route("p/m", 2, List.of());
        complete("p/m");
        complete("p/m");
        assertEquals(List.of("p/m k1", "p/m k2", "p/m k2"), upstreams.calls);
    }

    @Test
    void a_key_refusal_is_known_by_its_type_whatever_status_the_upstream_used() {
        BridgeException refusedWith400 = BridgeException.upstreamKeyRejected("p", "P_API_KEY", "API_KEY_INVALID")
                .upstreamStatus(400).build();
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(refusedWith400));
        route("p/m", 2, List.of());
        complete("p/m");
        complete("p/m");
        assertEquals(List.of("p/m k1", "p/m k2", "p/m k2"), upstreams.calls);
    }

    @Test
    void a_rejected_only_key_is_not_retried_but_falls_back() {
        upstreams.provider("p", "k1").provider("q").script("p", "k1", fails(status(401)));
        route("p/m", 2, List.of("q/m"));
        route("q/m", 0, List.of());

        assertEquals("q/m", complete("p/m").answeredBy());

        assertEquals(List.of("p/m k1", "q/m null"), upstreams.calls);
    }

    @Test
    void when_every_key_was_rejected_the_soonest_back_is_used_rather_than_none() {
        upstreams.provider("p", "k1", "k2").script("p", "k1", fails(status(401))).script("p", "k2", fails(status(401)));
        route("p/m", 1, List.of());
        assertEquals(401, completeFails("p/m").upstreamStatus());
        timing.advance(Duration.ofSeconds(1));
        complete("p/m");
        assertEquals(List.of("p/m k1", "p/m k2", "p/m k1"), upstreams.calls);
    }

    // --- fallbacks

    @Test
    void fallbacks_are_tried_in_order_once_the_primary_has_used_its_retries() {
        upstreams.provider("p").provider("q").provider("r")
                .script("p", null, fails(status(503)), fails(status(503)))
                .script("q", null, fails(refused()));
        route("p/m", 1, List.of("q/m", "r/m"));
        route("q/m", 0, List.of());
        route("r/m", 0, List.of());

        ChatResponse response = complete("p/m");

        assertEquals("r/m", response.answeredBy());
        assertEquals(List.of("p/m null", "p/m null", "q/m null", "r/m null"), upstreams.calls);
        ChatRecord record = lastRecord();
        assertEquals("p/m", record.routing().route().ref().id());
        assertEquals("r/m", record.routing().answeringRoute().ref().id());
        assertTrue(record.routing().fellBack());
        assertEquals(3, record.routing().retries());
    }

    @Test
    void a_rate_limited_primary_falls_back_at_once_instead_of_waiting() {
        upstreams.provider("p", "k1").provider("q").script("p", "k1", fails(rateLimited("2")));
        route("p/m", 2, List.of("q/m"));
        route("q/m", 0, List.of());

        assertEquals("q/m", complete("p/m").answeredBy());

        assertEquals(List.of("p/m k1", "q/m null"), upstreams.calls);
        assertTrue(timing.pauses.isEmpty());
    }

    @Test
    void a_fallback_gets_the_clients_request_with_its_own_rules_not_the_primarys() {
        upstreams.provider("p").provider("q").script("p", null, fails(status(503)));
        route("p/m", 0, Duration.ofSeconds(10), new ParamRules(Map.of("temperature", 0), Map.of(), Map.of(), List.of()), List.of("q/m"));
        route("q/m", 0, Duration.ofSeconds(10), new ParamRules(Map.of("top_p", 1), Map.of(), Map.of(), List.of()), List.of());

        complete("p/m");

        assertEquals(0, upstreams.requests.get(0).body().get("temperature"));
        assertFalse(upstreams.requests.get(1).body().containsKey("temperature"));
        assertEquals(1, upstreams.requests.get(1).body().get("top_p"));
        assertEquals("m", upstreams.routes.get(1).upstreamModel());
    }

    @Test
    void the_last_failure_reaches_the_client_when_every_fallback_fails_too() {
        upstreams.provider("p").provider("q").script("p", null, fails(status(503))).script("q", null, fails(status(502)));
        route("p/m", 0, List.of("q/m"));
        route("q/m", 0, List.of());
        assertEquals(502, completeFails("p/m").upstreamStatus());
        assertEquals(2, lastRecord().routing().attempts().size());
    }

    // --- deployments and breakers

    @Test
    void deployments_share_requests_by_weight_in_a_steady_order() {
        upstreams.provider("east").provider("west");
        route("p/m", 2, List.of(), deployment("east/gpt-e", 2), deployment("west/gpt-w", 1));
        for (int i = 0; i < 6; i++) {
            complete("p/m");
        }
        assertEquals(List.of("east/gpt-e null", "west/gpt-w null", "east/gpt-e null",
                "east/gpt-e null", "west/gpt-w null", "east/gpt-e null"), upstreams.calls);
        assertEquals("gpt-e", upstreams.routes.getFirst().upstreamModel());
        assertEquals("east/gpt-e", lastRecord().routing().answeringRoute().ref().id());
        assertFalse(lastRecord().routing().fellBack());
    }

    @Test
    void a_failed_deployment_is_retried_on_the_next_one_without_waiting() {
        upstreams.provider("east").provider("west").script("east", null, fails(status(503)));
        route("p/m", 2, List.of(), deployment("east/gpt", 1), deployment("west/gpt", 1));

        assertEquals("west/gpt", complete("p/m").answeredBy());

        assertEquals(List.of("east/gpt null", "west/gpt null"), upstreams.calls);
        assertTrue(timing.pauses.isEmpty());
    }

    @Test
    void a_deployment_breaker_opens_after_consecutive_failures_and_half_opens_after_its_delay() {
        upstreams.provider("east").provider("west").script("east", null, fails(status(500)), fails(status(500)));
        route("p/m", 0, List.of(), deployment("east/gpt", 1), deployment("west/gpt", 1));

        completeFails("p/m");                       // east fails: 1
        complete("p/m");                            // west
        completeFails("p/m");                       // east fails: 2, opens
        assertEquals(CircuitChange.OPENED, lastRecord().routing().attempts().getLast().circuit());
        complete("p/m");
        complete("p/m");                            // both to west while east is open
        timing.advance(Duration.ofSeconds(30));
        complete("p/m");                            // west's turn
        complete("p/m");                            // the trial call to east answers: closed
        assertEquals(CircuitChange.CLOSED, lastRecord().routing().attempts().getLast().circuit());

        assertEquals(List.of("east/gpt null", "west/gpt null", "east/gpt null", "west/gpt null", "west/gpt null",
                "west/gpt null", "east/gpt null"), upstreams.calls);
    }

    @Test
    void when_every_deployment_is_open_the_request_falls_back_or_is_refused_with_retry_after() {
        upstreams.provider("east").script("east", null, fails(status(500)), fails(status(500)));
        route("p/m", 0, List.of(), deployment("east/gpt", 1));
        completeFails("p/m");
        completeFails("p/m");

        BridgeException refused = completeFails("p/m");

        assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
        assertEquals("deployments_unavailable", refused.code());
        assertEquals("30", refused.retryAfter());
        assertEquals(2, upstreams.calls.size(), "an open breaker lets no call through");
    }

    @Test
    void a_request_error_does_not_count_against_a_deployment() {
        upstreams.provider("east").script("east", null, fails(status(500)), fails(status(400)), fails(status(500)));
        route("p/m", 0, List.of(), deployment("east/gpt", 1));
        completeFails("p/m");
        completeFails("p/m");
        completeFails("p/m");
        complete("p/m");
        assertEquals(4, upstreams.calls.size(), "the 400 broke the run of failures: still closed");
    }

    // --- streams

    @Test
    void a_stream_failing_before_its_first_chunk_is_retried_and_fails_over() {
        upstreams.provider("p").provider("q").script("p", null, fails(status(503)), fails(timedOut()));
        route("p/m", 1, List.of("q/m"));
        route("q/m", 0, List.of());

        try (ChatStream stream = service().stream(command("p/m", true))) {
            assertEquals("q/m", stream.answeredBy());
            assertEquals("ok", stream.next().orElseThrow().contentDelta());
            assertTrue(stream.next().isEmpty());
        }

        assertEquals(List.of("p/m null", "p/m null", "q/m null"), upstreams.calls);
        assertEquals(Outcome.SUCCESS, lastRecord().ending().outcome());
        assertEquals("q/m", lastRecord().routing().answeringRoute().ref().id());
        assertEquals(2, lastRecord().routing().retries());
    }

    @Test
    void a_stream_is_never_retried_once_its_first_chunk_is_out() {
        BridgeException cut = status(502);
        upstreams.provider("p").provider("q").script("p", null, streamsThenFails("partial", cut));
        route("p/m", 2, List.of("q/m"));
        route("q/m", 0, List.of());

        ChatStream stream = service().stream(command("p/m", true));
        assertEquals("partial", stream.next().orElseThrow().contentDelta());
        assertSame(cut, assertThrows(BridgeException.class, stream::next));
        stream.close();

        assertEquals(List.of("p/m null"), upstreams.calls);
        assertEquals(Outcome.FAILURE, lastRecord().ending().outcome());
        assertEquals(0, lastRecord().routing().retries());
    }

    @Test
    void a_stream_that_ends_cleanly_without_chunks_is_an_answer() {
        upstreams.provider("p").script("p", null, answers());
        route("p/m", 2, List.of());
        try (ChatStream stream = service().stream(command("p/m", true))) {
            assertTrue(stream.next().isEmpty());
        }
        assertEquals(1, upstreams.calls.size());
    }
}
