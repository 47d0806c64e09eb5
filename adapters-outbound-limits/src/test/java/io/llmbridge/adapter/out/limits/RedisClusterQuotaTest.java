package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.ScopeLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.llmbridge.adapter.out.limits.MemoryQuotaGateTest.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis gate on a Redis Cluster of three primaries ({@code redis_cluster: true}): shared and exact as on one Redis. */
class RedisClusterQuotaTest {
    @RegisterExtension
    static final LocalRedisCluster CLUSTER = new LocalRedisCluster();

    private final String prefix = "llmbridge-test:" + UUID.randomUUID();
    private final List<QuotaGate> gates = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (QuotaGate gate : gates) {
            ((AutoCloseable) gate).close();
        }
    }

    private QuotaGate replica() {
        // Given a node that does not hold the quota keys: the gate must follow the cluster to them.
        QuotaGate gate = QuotaGates.redis(new RedisQuotaSettings(CLUSTER.urlAwayFrom("{" + prefix + "}"), OnBackendFailure.CLOSED,
                Duration.ofSeconds(3), RedisQuotaSettings.DEFAULT_CONCURRENCY_LEASE, prefix,
                RedisQuotaSettings.DEFAULT_CREDIT_LIFETIME, true), Clock.systemUTC());
        gates.add(gate);
        return gate;
    }

    @Test
    void two_replicas_on_a_cluster_never_admit_more_than_the_limit_in_total() {
        QuotaGate one = replica();
        QuotaGate two = replica();
        assertTrue(one.health().reachable(), one.health().detail());
        List<ScopeLimits> scopes = List.of(scope(QuotaScope.key("alice"), Map.of("rpm", 20)),
                scope(QuotaScope.GLOBAL, Map.of("daily_tokens", 1_000_000)));
        Admission request = new Admission(scopes, 10, BigDecimal.ZERO);

        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            if ((i % 2 == 0 ? one : two).admit(request) instanceof QuotaDecision.Admitted) {
                admitted++;
            }
        }

        assertEquals(20, admitted, "the key's rpm across both replicas");
        awaitUsed(two, scopes.get(1), LimitKind.DAILY_TOKENS, 20 * 10,
                "the global scope holds the reservations of what was admitted, and no more once credit is given back");
    }

    @Test
    void far_from_the_limits_credit_is_taken_from_the_cluster_and_given_back() {
        QuotaGate gate = replica();
        ScopeLimits team = scope(QuotaScope.team("search"), Map.of("rpm", 100_000, "daily_tokens", 10_000_000));
        Admission request = new Admission(List.of(team), 100, BigDecimal.ZERO);

        for (int i = 0; i < 40; i++) {
            QuotaDecision.Admitted admitted = assertInstanceOf(QuotaDecision.Admitted.class, gate.admit(request));
            gate.settle(admitted.ticket(), 5, BigDecimal.ZERO);
        }

        assertTrue(gate.counters().admittedFromCredit() > 0, "served from credit");
        awaitUsed(gate, team, LimitKind.DAILY_TOKENS, 40 * 5, "the unused credit went back to the cluster");
    }

    private static void awaitUsed(QuotaGate gate, ScopeLimits scope, LimitKind kind, long expected, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long used = -1;
        while (used != expected) {
            assertTrue(System.nanoTime() < deadline, what + ": expected " + expected + ", the cluster says " + used);
            Thread.onSpinWait();
            used = gate.status(List.of(scope)).stream().filter(limit -> limit.kind() == kind)
                    .findFirst().orElseThrow().used().longValueExact();
        }
    }
}
