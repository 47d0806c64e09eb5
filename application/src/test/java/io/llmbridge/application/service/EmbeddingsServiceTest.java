package io.llmbridge.application.service;

import io.llmbridge.application.port.in.EmbeddingsCommand;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.UpstreamFailure;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.QuotaRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsServiceTest {
    private static final Caller CALLER = new Caller("team-a", Caller.Role.USER);
    /** Two retries, as the configuration's default, and a fallback on another provider. */
    private static final ModelRoute EMBEDDING = new ModelRoute(new ModelRef("up", "embed-1"), "embed-1", null,
            Duration.ofSeconds(5), ParamRules.NONE, 2, List.of(new ModelRef("other", "embed-2")), List.of(),
            ModelKind.EMBEDDING, null);
    private static final ModelRoute FALLBACK = route("other", "embed-2", ModelKind.EMBEDDING);
    private static final ModelRoute CHAT = route("up", "chat-1", ModelKind.CHAT);
    private static final Usage REPORTED = new Usage(9L, null, 9L, null, null, UsageSource.PROVIDER);

    private final List<ChatRecord> records = new ArrayList<>();
    /** What each next call answers or throws, whichever key it comes through. */
    private final Deque<Supplier<Embeddings>> script = new ArrayDeque<>();
    private final List<String> calledKeys = new ArrayList<>();
    /** One token a character. */
    private final TokenCounter characters = new TokenCounter() {
        @Override
        public long promptTokens(String model, ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long completionTokens(String model, GeneratedText output) {
            return output.content().length();
        }
    };

    private static ModelRoute route(String provider, String model, ModelKind kind) {
        return new ModelRoute(new ModelRef(provider, model), model, null, Duration.ofSeconds(5), ParamRules.NONE, 0, List.of(),
                List.of(), kind, null);
    }

    private EmbeddingsService service(List<KeyedProvider> keyed) {
        return service(keyed, Quotas.NONE);
    }

    private EmbeddingsService service(List<KeyedProvider> keyed, Quotas quotas) {
        ModelCatalog catalog = new ModelCatalog() {
            @Override
            public Optional<ModelRoute> find(ModelRef ref) {
                return List.of(EMBEDDING, FALLBACK, CHAT).stream().filter(route -> route.ref().equals(ref)).findFirst();
            }

            @Override
            public List<ModelRoute> all() {
                return List.of(EMBEDDING, FALLBACK, CHAT);
            }

            @Override
            public Instant loadedAt() {
                return Instant.EPOCH;
            }
        };
        ChatRecorder recorder = records::add;
        return new EmbeddingsService(catalog, name -> name.equals("up") ? keyed
                : name.equals("other") ? List.of(new KeyedProvider("f1", new ScriptedProvider("f1"))) : List.of(), List.of(recorder), characters,
                ResilienceSettings.DEFAULTS, quotas, CallTracing.OFF, new FakeTiming());
    }

    private EmbeddingsService withKeys(String... fingerprints) {
        List<KeyedProvider> keyed = new ArrayList<>();
        for (String fingerprint : fingerprints) {
            keyed.add(new KeyedProvider(fingerprint, new ScriptedProvider(fingerprint)));
        }
        return service(keyed);
    }

    private static EmbeddingsCommand command(String model, Object input) {
        return new EmbeddingsCommand(CALLER, EmbeddingRequest.from(Map.of("model", model, "input", input)),
                RequestContext.received(Transport.HTTP, RequestContext.EMBEDDINGS, "10.0.0.1"));
    }

    private static Embeddings vectors(Usage usage) {
        return Embeddings.vectors(List.of(new float[]{1f, 0f}), "embed-1", usage, "req-9");
    }

    @Test
    void embeddings_are_admitted_by_their_quotas_with_their_inputs_reserved_and_settled_with_the_usage() {
        FakeQuotaGate gate = new FakeQuotaGate();
        Quotas quotas = new Quotas(gate, new QuotaRules(LimitSpec.fromJson("default", Map.of("tpm", 1000)), Map.of(),
                Map.of(), Map.of(), LimitSpec.NONE, 4096), Prices.NONE);
        script.add(() -> vectors(REPORTED));
        service(List.of(new KeyedProvider("k1", new ScriptedProvider("k1"))), quotas).embed(command("up/embed-1", "hello"));
        assertEquals(5, gate.admissions.getFirst().tokens(), "the input's count, and no answer to reserve");
        assertEquals(List.of(REPORTED.totalTokens()), gate.settled);

        gate.refuse = true;
        BridgeException refused = assertThrows(BridgeException.class,
                () -> service(List.of(new KeyedProvider("k1", new ScriptedProvider("k1"))), quotas).embed(command("up/embed-1", "x")));
        assertEquals("rate_limit_exceeded", refused.code());
        assertEquals(List.of("k1"), calledKeys, "the refused request never reached the provider");
        assertEquals(refused, records.getLast().ending().error());
    }

    @Test
    void an_answer_with_usage_is_recorded_as_an_embeddings_request_of_the_route() {
        script.add(() -> vectors(REPORTED));

        Embeddings answer = withKeys("k1").embed(command("up/embed-1", "hello"));

        assertEquals(REPORTED, answer.usage());
        assertEquals("up/embed-1", answer.answeredBy());
        ChatRecord record = records.getFirst();
        assertEquals(RequestContext.EMBEDDINGS, record.request().context().action());
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(REPORTED, record.ending().usage());
        assertEquals(EMBEDDING, record.routing().answeringRoute());
        assertEquals("req-9", record.answer().upstreamRequestId());
        assertEquals(1, record.routing().attempts().size());
    }

    @Test
    void an_answer_without_usage_gets_the_gateways_count_of_every_input() {
        script.add(() -> vectors(null));

        Embeddings answer = withKeys("k1").embed(command("up/embed-1", List.of("abc", "de")));

        assertEquals(Usage.estimated(5, 0, null), answer.usage());
        assertEquals(answer.usage(), records.getFirst().ending().usage());
    }

    @Test
    void token_ids_count_one_token_each() {
        script.add(() -> vectors(null));

        Embeddings answer = withKeys("k1").embed(command("up/embed-1", List.of(List.of(1, 2, 3), List.of(4))));

        assertEquals(4L, answer.usage().promptTokens());
    }

    @Test
    void a_refused_key_is_rotated_to_the_next() {
        script.add(() -> {
            throw BridgeException.upstreamKeyRejected("up", "UP_API_KEY", "HTTP 401").upstreamStatus(401).build();
        });
        script.add(() -> vectors(REPORTED));

        withKeys("k1", "k2").embed(command("up/embed-1", "hello"));

        assertEquals(List.of("k1", "k2"), calledKeys);
        assertEquals(2, records.getFirst().routing().attempts().size());
        assertEquals(Outcome.SUCCESS, records.getFirst().ending().outcome());
    }

    @Test
    void a_server_error_is_retried_on_the_same_route_after_a_backoff() {
        script.add(() -> {
            throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "boom").upstreamStatus(503).build();
        });
        script.add(() -> vectors(REPORTED));

        Embeddings answer = withKeys("k1").embed(command("up/embed-1", "hello"));

        assertEquals("up/embed-1", answer.answeredBy());
        assertEquals(List.of("k1", "k1"), calledKeys);
        assertEquals(2, records.getFirst().routing().attempts().size());
    }

    @Test
    void a_route_that_keeps_failing_falls_back_and_the_record_names_the_answering_route() {
        for (int i = 0; i < 3; i++) {
            script.add(() -> {
                throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "boom").upstreamStatus(500).build();
            });
        }
        script.add(() -> vectors(null));

        Embeddings answer = withKeys("k1").embed(command("up/embed-1", "hello"));

        assertEquals("other/embed-2", answer.answeredBy());
        assertEquals(List.of("k1", "k1", "k1", "f1"), calledKeys);
        assertEquals(FALLBACK, records.getFirst().routing().answeringRoute());
        assertEquals(Usage.estimated(5, 0, null), records.getFirst().ending().usage());
    }

    @Test
    void a_request_the_upstream_refuses_is_neither_retried_nor_charged() {
        script.add(() -> {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "bad").upstreamStatus(400)
                    .upstreamFailure(UpstreamFailure.REQUEST_REJECTED).build();
        });

        assertThrows(BridgeException.class, () -> withKeys("k1", "k2").embed(command("up/embed-1", "hello")));

        assertEquals(List.of("k1"), calledKeys);
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertNull(records.getFirst().ending().usage());
    }

    @Test
    void a_server_error_charges_the_estimated_prompt() {
        for (int i = 0; i < 4; i++) { // three calls on the route, one on its fallback
            script.add(() -> {
                throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "boom").upstreamStatus(500).build();
            });
        }

        assertThrows(BridgeException.class, () -> withKeys("k1").embed(command("up/embed-1", "hello")));

        assertEquals(5L, records.getFirst().ending().usage().promptTokens());
    }

    @Test
    void a_chat_model_is_refused_without_a_call_and_the_refusal_is_recorded() {
        BridgeException refused = assertThrows(BridgeException.class, () -> withKeys("k1").embed(command("up/chat-1", "hello")));

        assertEquals(ErrorKind.INVALID_REQUEST, refused.kind());
        assertEquals("model_kind_mismatch", refused.code());
        assertTrue(refused.getMessage().contains("/v1/chat/completions"), refused.getMessage());
        assertEquals(List.of(), calledKeys);
        assertEquals(refused, records.getFirst().ending().error());
    }

    @Test
    void an_unknown_model_is_not_found() {
        BridgeException refused = assertThrows(BridgeException.class, () -> withKeys("k1").embed(command("up/none", "hello")));

        assertEquals(ErrorKind.MODEL_NOT_FOUND, refused.kind());
    }

    @Test
    void a_provider_without_embeddings_is_a_400_naming_it() {
        BridgeException refused = assertThrows(BridgeException.class,
                () -> service(List.of(new KeyedProvider(null, new ChatOnly()))).embed(command("up/embed-1", "hello")));

        assertEquals(ErrorKind.INVALID_REQUEST, refused.kind());
        assertEquals("Provider 'up' does not serve embeddings.", refused.getMessage());
    }

    /** A provider instance for one key that answers from the shared script. */
    private final class ScriptedProvider extends ChatOnly implements EmbeddingProvider {
        private final String key;

        ScriptedProvider(String key) {
            this.key = key;
        }

        @Override
        public Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
            calledKeys.add(key);
            return script.removeFirst().get();
        }
    }
}
