package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.ScopeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static io.llmbridge.adapter.out.limits.MemoryQuotaGateTest.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credit: quota a replica takes from Redis ahead of need, against the Redis on 127.0.0.1:6379.
 * What Redis counts must always equal what was really admitted and used once credit is back.
 */
class RedisQuotaCreditTest {
    private static final Duration LIFETIME = Duration.ofMillis(300);
    private static final QuotaScope ALICE = QuotaScope.key("alice");

    @RegisterExtension
    static final RedisGates REDIS = new RedisGates();

    @Test
    void far_from_its_limits_a_scope_is_admitted_from_credit_and_what_is_left_goes_back() {
        QuotaGate gate = gate(LIFETIME);
        ScopeLimits key = scope(ALICE, Map.of("rpm", 100_000, "tpm", 10_000_000, "concurrent", 1000,
                "daily_tokens", 10_000_000));
        Admission request = new Admission(List.of(key, scope(QuotaScope.GLOBAL, Map.of("rpm", 1_000_000))), 100, BigDecimal.ZERO);

        for (int i = 0; i < 50; i++) {
            QuotaDecision.Admitted admitted = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(request));
            assertTrue(admitted.headroom().requests().isPresent(), "rate headers for every admission, credited or not");
            gate.settle(admitted.ticket(), 7, BigDecimal.ZERO);
        }

        assertTrue(gate.counters().admittedFromCredit() >= 40, "most came from credit: " + gate.counters().admittedFromCredit());
        awaitUsed(gate, key, LimitKind.DAILY_TOKENS, 50 * 7, "the unused credit and reservations went back");
        awaitUsed(gate, key, LimitKind.CONCURRENT, 0, "every slot, used or not, went back");
        assertEquals(0, gate.counters().settleFailures());
    }

    @Test
    void a_concurrency_limit_holds_with_slots_taken_from_credit() {
        QuotaGate gate = gate(LIFETIME);
        ScopeLimits key = scope(ALICE, Map.of("concurrent", 100));
        Admission request = new Admission(List.of(key), 0, BigDecimal.ZERO);

        List<QuotaDecision.Admitted> holding = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            if (gate.admit(request) instanceof QuotaDecision.Admitted admitted) {
                holding.add(admitted);
            } else {
                refused++;
            }
        }

        assertEquals(100, holding.size(), "exactly the limit held at once");
        assertEquals(50, refused);
        assertTrue(gate.counters().admittedFromCredit() > 0);
        holding.forEach(admitted -> gate.settle(admitted.ticket(), 0, BigDecimal.ZERO));
        awaitUsed(gate, key, LimitKind.CONCURRENT, 0, "every slot went back");
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(request));
    }

    @Test
    void two_replicas_with_credit_never_pass_a_budget_and_redis_ends_counting_exactly_what_they_admitted()
            throws Exception {
        QuotaGate one = gate(LIFETIME);
        QuotaGate two = gate(LIFETIME);
        ScopeLimits team = scope(QuotaScope.team("search"), Map.of("daily_tokens", 20_000));
        Admission request = new Admission(List.of(team), 10, BigDecimal.ZERO);
        AtomicInteger admitted = new AtomicInteger();
        List<Callable<Void>> callers = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
            QuotaGate replica = caller % 2 == 0 ? one : two;
            callers.add(() -> {
                for (int i = 0; i < 375; i++) {
                    if (replica.admit(request) instanceof QuotaDecision.Admitted yes) {
                        admitted.incrementAndGet();
                        replica.settle(yes.ticket(), 10, BigDecimal.ZERO);
                    }
                }
                return null;
            });
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Void> caller : threads.invokeAll(callers)) {
                caller.get();
            }
        }

        assertTrue(admitted.get() <= 2000, "never past the budget: " + admitted.get());
        // Credit is granted only while a scope is at most half used, and at most a tenth of its
        // limit at a time: what a replica still held when the other was refused is bounded by that.
        assertTrue(admitted.get() >= 1800, "no more held back than credit can hold: " + admitted.get());
        assertTrue(one.counters().admittedFromCredit() + two.counters().admittedFromCredit() > 0);
        awaitUsed(one, team, LimitKind.DAILY_TOKENS, 10L * admitted.get(), "Redis counts exactly what was admitted");
    }

    private static void awaitUsed(QuotaGate gate, ScopeLimits scope, LimitKind kind, long expected, String what) {
        LongSupplier used = () -> gate.status(List.of(scope)).stream().filter(limit -> limit.kind() == kind)
                .findFirst().orElseThrow().used().longValueExact();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long seen = used.getAsLong();
        while (seen != expected) {
            assertTrue(System.nanoTime() < deadline, what + ": expected " + expected + " " + kind + ", Redis says " + seen);
            Thread.onSpinWait();
            seen = used.getAsLong();
        }
    }

    private static QuotaGate gate(Duration creditLifetime) {
        return REDIS.gate(LocalRedis.PORT, OnBackendFailure.CLOSED, creditLifetime);
    }
}
