package io.llmbridge.application.service;

import io.llmbridge.application.port.in.PassThroughUseCase.Api;
import io.llmbridge.application.port.in.RelayCommand;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.application.port.out.provider.MessagesPassThrough;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.QuotaRules;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassThroughServiceTest {
    private static final Caller CALLER = new Caller("team-a", Caller.Role.USER);
    private static final Usage USAGE = new Usage(10L, 2L, 12L, null, null, UsageSource.PROVIDER);

    private final List<ChatRecord> records = new ArrayList<>();
    private final List<String> called = new ArrayList<>();
    private final List<ModelRoute> routes = List.of(
            route("claude", "m", List.of(new ModelRef("chat", "m"), new ModelRef("backup", "m"))),
            route("chat", "m", List.of()), route("backup", "m", List.of()));

    private static ModelRoute route(String provider, String model, List<ModelRef> fallbacks) {
        return new ModelRoute(new ModelRef(provider, model), model, null, Duration.ofSeconds(5), ParamRules.NONE, 0, fallbacks,
                List.of(), ModelKind.CHAT, null);
    }

    private PassThroughService service(boolean claudeFails) {
        return service(claudeFails, Quotas.NONE);
    }

    private PassThroughService service(boolean claudeFails, Quotas quotas) {
        ModelCatalog catalog = new ModelCatalog() {
            @Override
            public Optional<ModelRoute> find(ModelRef ref) {
                return routes.stream().filter(route -> route.ref().equals(ref)).findFirst();
            }

            @Override
            public List<ModelRoute> all() {
                return routes;
            }

            @Override
            public Instant loadedAt() {
                return Instant.EPOCH;
            }
        };
        return new PassThroughService(catalog, name -> switch (name) {
            case "claude" -> List.of(new KeyedProvider(null, new Relaying("claude", claudeFails)));
            case "backup" -> List.of(new KeyedProvider(null, new Relaying("backup", false)));
            default -> List.of(new KeyedProvider(null, new ChatOnly()));
        }, List.of(records::add), ResilienceSettings.DEFAULTS, quotas, CallTracing.OFF, new FakeTiming());
    }

    private static RelayCommand command(String model) {
        return new RelayCommand(CALLER, Api.MESSAGES, new RelayedRequest("{}".getBytes(StandardCharsets.UTF_8), model, false,
                Map.of()), RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, "10.0.0.1"));
    }

    @Test
    void a_model_whose_provider_does_not_speak_the_api_is_left_to_the_translation_unrecorded() {
        assertEquals(Optional.empty(), service(false).relay(command("chat/m")));
        assertEquals(List.of(), records);
    }

    @Test
    void a_relayed_answer_is_recorded_once_when_read_to_its_end_and_closed() {
        try (RelayedAnswer answer = service(false).relay(command("claude/m")).orElseThrow()) {
            assertEquals("{\"relayed\":true}", new String(answer.next().orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(answer.next().isEmpty());
            assertEquals("claude/m", answer.answeredBy());
            assertEquals(List.of(), records, "not before it is closed");
        }

        assertEquals(1, records.size());
        assertEquals(Outcome.SUCCESS, records.getFirst().ending().outcome());
        assertEquals(USAGE, records.getFirst().ending().usage());
        assertEquals("msg_relayed", records.getFirst().answer().responseId(), "the id the provider read from its bytes");
        assertEquals("claude/m", records.getFirst().request().requestedModel());
    }

    @Test
    void a_fallback_that_does_not_speak_the_api_is_passed_over_for_the_next() {
        try (RelayedAnswer answer = service(true).relay(command("claude/m")).orElseThrow()) {
            assertEquals("backup/m", answer.answeredBy());
        }

        assertEquals(List.of("claude", "backup"), called);
        assertEquals(3, records.getFirst().routing().attempts().size());
    }

    @Test
    void a_relay_is_admitted_by_its_quotas_before_the_call_and_settled_with_its_usage_when_closed() {
        FakeQuotaGate gate = new FakeQuotaGate();
        Quotas quotas = new Quotas(gate, new QuotaRules(LimitSpec.fromJson("default", Map.of("tpm", 100000)), Map.of(),
                Map.of(), Map.of(), LimitSpec.NONE, 100), Prices.NONE);
        try (RelayedAnswer answer = service(false, quotas).relay(command("claude/m")).orElseThrow()) {
            while (answer.next().isPresent()) {
                assertEquals(List.of(), gate.settled, "held while the answer is relayed");
            }
        }
        assertEquals(0 + 100, gate.admissions.getFirst().tokens(), "a 2-byte body and the default answer");
        assertEquals(List.of(USAGE.totalTokens()), gate.settled);

        gate.refuse = true;
        called.clear();
        BridgeException refused = assertThrows(BridgeException.class, () -> service(false, quotas).relay(command("claude/m")));
        assertEquals("rate_limit_exceeded", refused.code());
        assertEquals(List.of(), called, "never relayed");
        assertEquals(refused, records.getLast().ending().error());
    }

    @Test
    void an_unknown_model_is_refused_and_recorded() {
        BridgeException refused = assertThrows(BridgeException.class, () -> service(false).relay(command("nobody/m")));

        assertEquals(ErrorKind.MODEL_NOT_FOUND, refused.kind());
        assertEquals(refused, records.getFirst().ending().error());
    }

    @Test
    void count_tokens_asks_the_provider_only_for_a_model_that_speaks_messages() {
        assertEquals(42L, service(false).countTokens(command("claude/m")).orElseThrow());
        assertTrue(service(false).countTokens(command("chat/m")).isEmpty());
        assertTrue(service(false).countTokens(command("no-slash")).isEmpty());
        assertEquals(List.of(), records);
    }

    private final class Relaying extends ChatOnly implements MessagesPassThrough {
        private final String name;
        private final boolean fails;

        Relaying(String name, boolean fails) {
            this.name = name;
            this.fails = fails;
        }

        @Override
        public RelayedAnswer relayMessages(ModelRoute route, RelayedRequest request, Duration timeout) {
            called.add(name);
            if (fails) {
                throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "boom").upstreamStatus(500).build();
            }
            return new RelayedAnswer() {
                private boolean sent;

                @Override
                public String contentType() {
                    return "application/json";
                }

                @Override
                public Optional<byte[]> next() {
                    if (sent) {
                        return Optional.empty();
                    }
                    sent = true;
                    return Optional.of("{\"relayed\":true}".getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public Usage usage() {
                    return USAGE;
                }

                @Override
                public String finishReason() {
                    return "stop";
                }

                @Override
                public String upstreamRequestId() {
                    return null;
                }

                @Override
                public String responseId() {
                    return "msg_relayed";
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long countTokens(ModelRoute route, RelayedRequest request, Duration timeout) {
            return 42;
        }
    }
}
