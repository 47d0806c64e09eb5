package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.quota.Headroom;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.QuotaRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.llmbridge.application.service.ScriptedUpstreams.status;
import static io.llmbridge.application.service.ScriptedUpstreams.fails;
import static io.llmbridge.application.service.ScriptedUpstreams.answers;
import static io.llmbridge.application.service.ScriptedUpstreams.streamsThenFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat path admits every request against its quotas before the upstream call, and settles it once when it ends. */
class ChatQuotasTest {
    private final FakeTiming timing = new FakeTiming();
    private final ScriptedUpstreams upstreams = new ScriptedUpstreams(timing).provider("p", "k1");
    private final List<ChatRecord> records = new ArrayList<>();
    private final FakeQuotaGate gate = new FakeQuotaGate();
    private final List<Headroom> headers = new ArrayList<>();
    /** One token a character, so each reservation shows what was counted. */
    private TokenCounter counter = new TokenCounter() {
        @Override
        public long promptTokens(String model, ChatRequest request) {
            return request.messages().stream().mapToLong(message -> message.text().length()).sum();
        }

        @Override
        public long completionTokens(String model, GeneratedText output) {
            return output.content().length();
        }
    };

    private ChatCompletionService service(QuotaRules rules) {
        ModelRoute route = new ModelRoute(ModelRef.parse("p/m"), "m", null, Duration.ofSeconds(10), ParamRules.NONE);
        ModelCatalog catalog = new ModelCatalog() {
            @Override
            public Optional<ModelRoute> find(ModelRef ref) {
                return ref.equals(route.ref()) ? Optional.of(route) : Optional.empty();
            }

            @Override
            public List<ModelRoute> all() {
                return List.of(route);
            }

            @Override
            public Instant loadedAt() {
                return Instant.EPOCH;
            }
        };
        return new ChatCompletionService(catalog, upstreams, List.of(records::add), counter, ContentCapture.OFF,
                ResilienceSettings.DEFAULTS, new Quotas(gate, rules, Prices.NONE), timing);
    }

    private static QuotaRules keyLimits(String limits) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String pair : limits.split(",")) {
            String[] parts = pair.split("=");
            json.put(parts[0], Long.parseLong(parts[1]));
        }
        return new QuotaRules(LimitSpec.fromJson("default", json), Map.of(), Map.of(), Map.of(), LimitSpec.NONE, 1000);
    }

    private ChatCommand command(boolean stream, Long maxTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "p/m");
        body.put("messages", List.of(Map.of("role", "user", "content", "hello")));
        body.put("stream", stream);
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        return new ChatCommand(new Caller("alice", Caller.Role.USER), ChatRequest.from(body),
                RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null), headers::add);
    }

    @Test
    void a_refused_request_never_reaches_the_upstream_and_is_recorded_as_a_429_with_its_headers() {
        gate.refuse = true;
        BridgeException refusal = assertThrows(BridgeException.class,
                () -> service(keyLimits("rpm=60")).complete(command(false, null)));

        assertEquals(ErrorKind.RATE_LIMITED, refusal.kind());
        assertEquals("rate_limit_exceeded", refusal.code());
        assertEquals("2", refusal.retryAfter());
        assertTrue(refusal.getMessage().contains("key alice"), refusal.getMessage());
        assertEquals(List.of(), upstreams.calls);
        assertEquals(List.of(FakeQuotaGate.HEADROOM), headers);
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertEquals(List.of(), gate.settled, "a refused request holds nothing to settle");
    }

    @Test
    void an_answered_request_reserves_its_prompt_and_max_tokens_and_is_settled_with_what_it_used() {
        service(keyLimits("tpm=10000")).complete(command(false, 100L));

        assertEquals(4 + 2 + 100, gate.admissions.getFirst().tokens(), "\"hello\" in a message, roughly, plus max_tokens");
        assertEquals(List.of(FakeQuotaGate.HEADROOM), headers);
        long used = records.getFirst().ending().usage().totalTokens();
        assertEquals(List.of(used), gate.settled);
    }

    @Test
    void a_request_without_max_tokens_reserves_the_configured_default() {
        service(keyLimits("daily_tokens=100000")).complete(command(false, null));
        assertEquals(4 + 2 + 1000, gate.admissions.getFirst().tokens());
    }

    @Test
    void a_stream_closed_early_is_settled_once_with_what_it_delivered() {
        upstreams.script("p", "k1", answers("abc", "def", "ghi"));
        ChatStream stream = service(keyLimits("tpm=10000,concurrent=1")).stream(command(true, 50L));
        stream.next();
        assertEquals(List.of(), gate.settled, "a stream holds its quota until it ends");
        stream.close();
        stream.close();

        assertEquals(List.of(5L + 3), gate.settled, "the prompt and the one chunk delivered");
    }

    @Test
    void a_stream_the_upstream_cut_midway_is_settled_once_with_what_it_delivered() {
        upstreams.script("p", "k1", streamsThenFails("abcd", status(502)));
        ChatStream stream = service(keyLimits("tpm=10000")).stream(command(true, 50L));
        stream.next();
        assertThrows(BridgeException.class, stream::next);
        stream.close();

        assertEquals(List.of(5L + 4), gate.settled, "the prompt and the chunk that reached the client, not the reservation");
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
    }

    @Test
    void a_request_the_upstream_refused_before_generating_is_settled_with_nothing() {
        upstreams.script("p", "k1", fails(status(400)));
        assertThrows(BridgeException.class, () -> service(keyLimits("tpm=10000")).complete(command(false, 10L)));
        assertEquals(List.of(0L), gate.settled);
    }

    @Test
    void limits_on_requests_alone_never_estimate_a_prompt() {
        counter = new TokenCounter() {
            @Override
            public long promptTokens(String model, ChatRequest request) {
                throw new AssertionError("no scope counts tokens");
            }

            @Override
            public long completionTokens(String model, GeneratedText output) {
                return 0;
            }
        };
        service(keyLimits("rpm=60,concurrent=2")).complete(command(false, 10L));
        assertEquals(0, gate.admissions.getFirst().tokens());
    }

    @Test
    void a_caller_no_limit_applies_to_is_not_taken_to_the_gate_at_all() {
        QuotaRules otherTeam = new QuotaRules(LimitSpec.NONE, Map.of(),
                Map.of("search", LimitSpec.fromJson("teams.search", Map.of("rpm", 5))), Map.of(), LimitSpec.NONE, 1000);
        service(otherTeam).complete(command(false, null));
        assertEquals(List.of(), gate.admissions);
        assertEquals(List.of(), headers);
    }

    @Test
    void a_gate_that_fails_closed_refuses_before_the_upstream_and_the_refusal_is_recorded() {
        gate.unavailable = true;
        BridgeException refusal = assertThrows(BridgeException.class,
                () -> service(keyLimits("rpm=60")).stream(command(true, null)));
        assertEquals(ErrorKind.UNAVAILABLE, refusal.kind());
        assertEquals(List.of(), upstreams.calls);
        assertEquals(1, records.size());
    }
}
