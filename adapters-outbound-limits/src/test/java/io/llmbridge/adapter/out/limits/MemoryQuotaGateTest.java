package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.ScopeLimits;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryQuotaGateTest {
    private static final Instant START = Instant.parse("2026-05-31T23:59:00Z");
    private static final QuotaScope ALICE = QuotaScope.key("alice");
    private static final QuotaScope SEARCH = QuotaScope.team("search");

    private final MutableClock clock = new MutableClock(START);
    private final QuotaGate gate = QuotaGates.memory(clock);

    @Test
    void rpm_admits_the_limit_then_refuses_with_a_retry_after_until_it_refills() {
        Admission one = admission(scope(ALICE, Map.of("rpm", 3)), 0);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(one));
        }
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class, gate.admit(one));
        assertEquals(ALICE, refused.scope());
        assertEquals(LimitKind.RPM, refused.limit());
        assertTrue(refused.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(19)) > 0, refused.retryAfter().toString());
        BridgeException error = refused.toException();
        assertEquals(ErrorKind.RATE_LIMITED, error.kind());
        assertEquals("rate_limit_exceeded", error.code());
        assertEquals("20", error.retryAfter());
        assertTrue(error.getMessage().contains("key alice"), error.getMessage());

        clock.advance(Duration.ofSeconds(19));
        assertInstanceOf(QuotaDecision.Refused.class, gate.admit(one));
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(one));
    }

    @Test
    void tpm_reserves_then_gives_back_what_a_cut_stream_did_not_use() {
        Admission big = admission(scope(ALICE, Map.of("tpm", 1000)), 600);
        QuotaDecision.Admitted first = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(big));
        assertEquals(400, first.headroom().tokens().orElseThrow().remaining());
        assertInstanceOf(QuotaDecision.Refused.class, gate.admit(big));

        gate.settle(first.ticket(), 100, null);

        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(big));
    }

    @Test
    void a_request_larger_than_the_rate_allows_at_once_is_refused_without_retry_after() {
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class,
                gate.admit(admission(scope(ALICE, Map.of("tpm", 100)), 101)));
        assertTrue(refused.retryAfter().isEmpty());
        assertEquals(null, refused.toException().retryAfter());
    }

    @Test
    void concurrency_is_released_whatever_way_the_call_ends_and_only_once() {
        Admission one = admission(scope(ALICE, Map.of("concurrent", 2)), 10);
        for (String ending : List.of("answered", "failed", "cancelled", "cut")) {
            QuotaDecision.Admitted a = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(one), ending);
            QuotaDecision.Admitted b = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(one), ending);
            QuotaDecision.Refused third = assertInstanceOf(QuotaDecision.Refused.class, gate.admit(one), ending);
            assertEquals(LimitKind.CONCURRENT, third.limit());
            assertTrue(third.retryAfter().isPresent());

            gate.settle(a.ticket(), ending.equals("failed") ? 0 : 5, null);
            gate.settle(a.ticket(), 0, null);
            QuotaDecision.Admitted c = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(one), ending);
            assertInstanceOf(QuotaDecision.Refused.class, gate.admit(one), "a second settle released nothing: " + ending);
            gate.settle(b.ticket(), 0, null);
            gate.settle(c.ticket(), 0, null);
        }
    }

    @Test
    void all_or_nothing_a_refusal_by_one_scope_takes_nothing_from_the_others() {
        ScopeLimits key = scope(ALICE, Map.of("rpm", 10));
        ScopeLimits team = scope(SEARCH, Map.of("rpm", 1));
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(admission(List.of(key, team), 0)));
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class,
                gate.admit(admission(List.of(key, team), 0)));
        assertEquals(SEARCH, refused.scope());
        assertEquals(1, used(key, LimitKind.RPM).longValue(), "the refused admission took nothing from the key");
    }

    @Test
    void every_kind_of_scope_is_checked_and_named() {
        for (QuotaScope scope : List.of(ALICE, SEARCH, QuotaScope.model("openai/gpt-4.1"), QuotaScope.GLOBAL)) {
            List<ScopeLimits> scopes = new ArrayList<>();
            scopes.add(scope(QuotaScope.key("other-" + scope.kind()), Map.of("rpm", 100)));
            if (!scope.equals(ALICE)) {
                scopes.add(scope(scope, Map.of("rpm", 1)));
            } else {
                scopes.set(0, scope(scope, Map.of("rpm", 1)));
            }
            gate.admit(admission(scopes, 0));
            QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class, gate.admit(admission(scopes, 0)));
            assertEquals(scope, refused.scope());
            assertTrue(refused.toException().getMessage().contains(scope.describe()), refused.toException().getMessage());
        }
    }

    @Test
    void daily_tokens_run_out_until_midnight_utc_and_settlement_returns_the_unused_reservation() {
        ScopeLimits key = scope(ALICE, Map.of("daily_tokens", 1000));
        QuotaDecision.Admitted first = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(admission(key, 800)));
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class, gate.admit(admission(key, 300)));
        assertEquals(Instant.parse("2026-06-01T00:00:00Z"), refused.resetsAt().orElseThrow());
        assertTrue(refused.retryAfter().isEmpty());
        assertEquals("insufficient_quota", refused.toException().code());
        assertEquals(null, refused.toException().retryAfter());

        gate.settle(first.ticket(), 500, null);
        assertEquals(500, used(key, LimitKind.DAILY_TOKENS).longValue());
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(admission(key, 300)));
        assertInstanceOf(QuotaDecision.Refused.class, gate.admit(admission(key, 300)));

        clock.set(Instant.parse("2026-06-01T00:00:00Z"));
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(admission(key, 1000)));
    }

    @Test
    void monthly_cost_runs_out_until_the_first_of_the_month_utc() {
        clock.set(Instant.parse("2026-05-15T12:00:00Z"));
        ScopeLimits team = scope(SEARCH, Map.of("monthly_cost", 2));
        QuotaDecision.Admitted first = assertInstanceOf(QuotaDecision.Admitted.class,
                gate.admit(new Admission(List.of(team), 10, new BigDecimal("1.5"))));
        gate.settle(first.ticket(), 10, new BigDecimal("1.9"));
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class,
                gate.admit(new Admission(List.of(team), 10, new BigDecimal("0.2"))));
        assertEquals(LimitKind.MONTHLY_COST, refused.limit());
        assertEquals(Instant.parse("2026-06-01T00:00:00Z"), refused.resetsAt().orElseThrow());

        clock.set(Instant.parse("2026-05-31T23:59:59Z"));
        assertInstanceOf(QuotaDecision.Refused.class, gate.admit(new Admission(List.of(team), 10, new BigDecimal("0.2"))));
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(new Admission(List.of(team), 10, new BigDecimal("0.2"))));
    }

    @Test
    void a_request_refused_upstream_before_generating_is_charged_nothing() {
        ScopeLimits key = scope(ALICE, Map.of("daily_tokens", 1000, "daily_cost", 1));
        QuotaDecision.Admitted admitted = assertInstanceOf(QuotaDecision.Admitted.class,
                gate.admit(new Admission(List.of(key), 900, new BigDecimal("0.9"))));
        gate.settle(admitted.ticket(), 0, BigDecimal.ZERO);
        assertEquals(0, used(key, LimitKind.DAILY_TOKENS).signum());
        assertEquals(0, used(key, LimitKind.DAILY_COST).signum());
    }

    @Test
    void headroom_reports_the_tightest_scope() {
        ScopeLimits key = scope(ALICE, Map.of("rpm", 60, "tpm", 10_000));
        ScopeLimits global = scope(QuotaScope.GLOBAL, Map.of("rpm", 5, "tpm", 1_000_000));
        QuotaDecision.Admitted admitted = assertInstanceOf(QuotaDecision.Admitted.class,
                gate.admit(admission(List.of(key, global), 1000)));
        assertEquals(5, admitted.headroom().requests().orElseThrow().limit());
        assertEquals(4, admitted.headroom().requests().orElseThrow().remaining());
        assertEquals(Duration.ofSeconds(12), admitted.headroom().requests().orElseThrow().resetsIn());
        assertEquals(10_000, admitted.headroom().tokens().orElseThrow().limit());
        assertEquals(9_000, admitted.headroom().tokens().orElseThrow().remaining());
    }

    @Test
    void counters_count_admissions_by_scope_and_refusals_by_scope_and_limit() {
        ScopeLimits key = scope(ALICE, Map.of("rpm", 1));
        gate.admit(admission(key, 0));
        gate.admit(admission(key, 0));
        QuotaGate.Counters counters = gate.counters();
        assertEquals(1, counters.admittedByScope().get(QuotaScope.Kind.KEY));
        assertEquals(1, counters.refused().get(new QuotaGate.Refusal(QuotaScope.Kind.KEY, LimitKind.RPM)));
        assertTrue(gate.health().reachable());
    }

    private BigDecimal used(ScopeLimits scope, LimitKind kind) {
        return gate.status(List.of(scope)).stream().filter(status -> status.kind() == kind)
                .map(LimitStatus::used).findFirst().orElseThrow();
    }

    static ScopeLimits scope(QuotaScope scope, Map<String, ?> limits) {
        return new ScopeLimits(scope, LimitSpec.fromJson("limits", limits));
    }

    static Admission admission(ScopeLimits scope, long tokens) {
        return admission(List.of(scope), tokens);
    }

    static Admission admission(List<ScopeLimits> scopes, long tokens) {
        return new Admission(scopes, tokens, BigDecimal.ZERO);
    }
}
