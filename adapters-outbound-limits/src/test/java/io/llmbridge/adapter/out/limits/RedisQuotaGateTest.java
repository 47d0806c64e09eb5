package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.ScopeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.llmbridge.adapter.out.limits.MemoryQuotaGateTest.admission;
import static io.llmbridge.adapter.out.limits.MemoryQuotaGateTest.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the Redis on 127.0.0.1:6379; two gates stand for two gateway replicas sharing it. */
class RedisQuotaGateTest {
    private static final int REDIS_PORT = LocalRedis.PORT;
    private static final QuotaScope ALICE = QuotaScope.key("alice");

    @RegisterExtension
    static final RedisGates REDIS = new RedisGates();

    @Test
    void two_replicas_sharing_redis_never_admit_more_than_the_limit_in_total() throws Exception {
        QuotaGate one = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        QuotaGate two = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        Admission request = admission(List.of(scope(ALICE, Map.of("rpm", 20)), scope(QuotaScope.GLOBAL, Map.of("rpm", 1000))), 50);

        List<Callable<QuotaDecision>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            QuotaGate replica = i % 2 == 0 ? one : two;
            calls.add(() -> replica.admit(request));
        }
        List<QuotaDecision> decisions = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<QuotaDecision> decision : threads.invokeAll(calls)) {
                decisions.add(decision.get());
            }
        }

        assertEquals(20, decisions.stream().filter(QuotaDecision.Admitted.class::isInstance).count());
        List<QuotaDecision.Refused> refused = decisions.stream().filter(QuotaDecision.Refused.class::isInstance)
                .map(QuotaDecision.Refused.class::cast).toList();
        assertEquals(40, refused.size());
        assertTrue(refused.stream().allMatch(refusal -> refusal.scope().equals(ALICE) && refusal.retryAfter().isPresent()
                && refusal.toException().retryAfter() != null));
    }

    private static long concurrentInUse(QuotaGate gate, Admission admission) {
        return gate.status(admission.scopes()).stream().filter(limit -> limit.kind() == LimitKind.CONCURRENT)
                .findFirst().orElseThrow().used().longValueExact();
    }

    @Test
    void a_concurrency_limit_holds_across_replicas_and_frees_on_settle() {
        QuotaGate one = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        QuotaGate two = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        Admission request = admission(scope(ALICE, Map.of("concurrent", 2)), 10);

        QuotaDecision.Admitted first = assertInstanceOf(QuotaDecision.Admitted.class, one.admit(request));
        assertInstanceOf(QuotaDecision.Admitted.class, two.admit(request));
        QuotaDecision.Refused third = assertInstanceOf(QuotaDecision.Refused.class, two.admit(request));
        assertEquals(LimitKind.CONCURRENT, third.limit());
        assertInstanceOf(QuotaDecision.Refused.class, one.admit(request));

        one.settle(first.ticket(), 3, null);
        one.settle(first.ticket(), 3, null);
        // The settlement is sent without waiting: the other replica sees it once Redis has run it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (concurrentInUse(two, request) != 1) {
            assertTrue(System.nanoTime() < deadline, "the settlement reached Redis");
            Thread.onSpinWait();
        }
        assertInstanceOf(QuotaDecision.Admitted.class, two.admit(request));
        assertInstanceOf(QuotaDecision.Refused.class, one.admit(request), "a second settle freed nothing");
    }

    @Test
    void admissions_and_settlements_racing_in_shared_batches_stay_exact() throws Exception {
        QuotaGate gate = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        ScopeLimits key = scope(ALICE, Map.of("concurrent", 4, "daily_tokens", 1_000_000));
        ScopeLimits global = scope(QuotaScope.GLOBAL, Map.of("tpm", 100_000_000));
        Admission request = new Admission(List.of(key, global), 100, BigDecimal.ZERO);
        int callers = 12;
        int rounds = 15;
        // Each round, every caller asks at once and holds what it got until all have asked; then
        // the holders settle, and the next round starts.
        CyclicBarrier everyoneAsked = new CyclicBarrier(callers);
        CyclicBarrier everyoneSettled = new CyclicBarrier(callers);
        AtomicIntegerArray admittedPerRound = new AtomicIntegerArray(rounds);
        List<Callable<Void>> work = new ArrayList<>();
        for (int caller = 0; caller < callers; caller++) {
            work.add(() -> {
                for (int round = 0; round < rounds; round++) {
                    QuotaDecision decision = gate.admit(request);
                    everyoneAsked.await(30, TimeUnit.SECONDS);
                    if (decision instanceof QuotaDecision.Admitted admitted) {
                        admittedPerRound.incrementAndGet(round);
                        gate.settle(admitted.ticket(), 7, BigDecimal.ZERO);
                    }
                    everyoneSettled.await(30, TimeUnit.SECONDS);
                }
                return null;
            });
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (Future<Void> caller : threads.invokeAll(work)) {
                caller.get();
            }
        }

        for (int round = 0; round < rounds; round++) {
            assertEquals(4, admittedPerRound.get(round), "admitted in round " + round);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (concurrentInUse(gate, request) != 0) {
            assertTrue(System.nanoTime() < deadline, "every settlement reached Redis");
            Thread.onSpinWait();
        }
        LimitStatus dailyTokens = gate.status(List.of(key)).stream()
                .filter(limit -> limit.kind() == LimitKind.DAILY_TOKENS).findFirst().orElseThrow();
        assertEquals(7L * 4 * rounds, dailyTokens.used().longValueExact(),
                "each reservation of 100 was replaced by the 7 tokens used");
        assertEquals(0, gate.counters().settleFailures());
    }

    @Test
    void budgets_are_reserved_then_settled_to_the_real_usage() {
        QuotaGate gate = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        ScopeLimits team = scope(QuotaScope.team("search"), Map.of("daily_tokens", 1000, "monthly_cost", 2, "tpm", 1000));
        QuotaDecision.Admitted admitted = assertInstanceOf(QuotaDecision.Admitted.class,
                gate.admit(new Admission(List.of(team), 800, new BigDecimal("1.5"))));
        assertEquals(200, admitted.headroom().tokens().orElseThrow().remaining());
        QuotaDecision.Refused refused = assertInstanceOf(QuotaDecision.Refused.class,
                gate.admit(new Admission(List.of(team), 100, new BigDecimal("0.6"))));
        assertEquals(LimitKind.MONTHLY_COST, refused.limit());
        assertTrue(refused.resetsAt().isPresent());

        gate.settle(admitted.ticket(), 300, new BigDecimal("0.25"));

        Map<LimitKind, BigDecimal> used = new java.util.EnumMap<>(LimitKind.class);
        gate.status(List.of(team)).forEach(status -> used.put(status.kind(), status.used()));
        assertEquals(300, used.get(LimitKind.DAILY_TOKENS).longValue());
        assertEquals(0, new BigDecimal("0.25").compareTo(used.get(LimitKind.MONTHLY_COST)));
        assertEquals(300, used.get(LimitKind.TPM).longValue());
        assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(new Admission(List.of(team), 600, new BigDecimal("1.5"))));
    }

    @Test
    void without_redis_closed_refuses_and_open_admits_locally_both_counted_and_exact_again_when_it_is_back()
            throws Exception {
        TcpProxy proxy = new TcpProxy(REDIS_PORT);
        REDIS.closeAfter(proxy);
        QuotaGate closed = gate(proxy.port(), OnBackendFailure.CLOSED);
        QuotaGate open = gate(proxy.port(), OnBackendFailure.OPEN);
        Admission request = admission(scope(ALICE, Map.of("rpm", 3)), 10);
        assertTrue(closed.health().reachable());

        proxy.stop();
        BridgeException refused = assertThrows(BridgeException.class, () -> closed.admit(request));
        assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
        List<QuotaDecision> local = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            local.add(open.admit(request));
        }
        assertEquals(3, local.stream().filter(QuotaDecision.Admitted.class::isInstance).count(),
                "open counts this process's requests against the limit");
        QuotaDecision.Admitted degraded = (QuotaDecision.Admitted) local.getFirst();
        assertTrue(degraded.ticket().degraded());
        open.settle(degraded.ticket(), 5, null);
        assertFalse(closed.health().reachable());
        assertEquals(1, closed.counters().refusedWithoutBackend());
        assertEquals(3, open.counters().admittedWithoutBackend());
        assertEquals(1, open.counters().refusedWithoutBackend());

        proxy.start();
        awaitReachable(closed);
        awaitReachable(open);
        List<QuotaDecision> shared = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shared.add(closed.admit(request));
            shared.add(open.admit(request));
        }
        assertEquals(3, shared.stream().filter(QuotaDecision.Admitted.class::isInstance).count());
        assertTrue(shared.stream().filter(QuotaDecision.Admitted.class::isInstance)
                .noneMatch(decision -> ((QuotaDecision.Admitted) decision).ticket().degraded()));
        assertEquals(3, open.counters().admittedWithoutBackend(), "nothing more was decided without Redis");
    }

    @Test
    void the_limits_view_shows_what_is_used_and_when_it_resets() {
        QuotaGate gate = gate(REDIS_PORT, OnBackendFailure.CLOSED);
        ScopeLimits key = scope(ALICE, Map.of("rpm", 10, "concurrent", 5));
        gate.admit(admission(key, 0));
        gate.admit(admission(key, 0));
        List<LimitStatus> status = gate.status(List.of(key));
        assertEquals(2, status.size());
        assertTrue(status.stream().allMatch(limit -> limit.used().longValue() == 2), status.toString());
        assertTrue(status.stream().filter(limit -> limit.kind() == LimitKind.RPM).allMatch(limit -> limit.resetsAt().isPresent()));
    }

    private static void awaitReachable(QuotaGate gate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!gate.health().reachable()) {
            assertTrue(System.nanoTime() < deadline, "Redis was not reached again within 15 s: " + gate.health());
            Thread.sleep(50);
        }
    }

    private static QuotaGate gate(int port, OnBackendFailure onFailure) {
        return REDIS.gate(port, onFailure, RedisQuotaSettings.DEFAULT_CREDIT_LIFETIME);
    }
}
