package io.llmbridge.application.port.out;

import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.QuotaTicket;
import io.llmbridge.domain.quota.ScopeLimits;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Where quotas are kept, for one process or shared by the fleet: admit, then settle. A request is
 * admitted before its upstream call, all-or-nothing across every scope that applies, with its
 * tokens and cost reserved; when the call ends, however it ends, the ticket is settled once with
 * what was really used.
 */
public interface QuotaGate extends AutoCloseable {
    /**
     * Takes one request, the reserved tokens and cost, and a concurrency slot from every scope in
     * {@code admission}, or nothing at all.
     *
     * @throws io.llmbridge.domain.BridgeException of kind {@code UNAVAILABLE} when the shared
     *                                             backend cannot be reached and the gate fails closed
     */
    QuotaDecision admit(Admission admission);

    /**
     * Replaces the ticket's reservation by the real usage (a difference is given back or, when the
     * estimate was low, charged) and frees its concurrency slot. Call it exactly once whatever way
     * the call ended: answered, failed, cancelled, cut mid-stream; a request the upstream refused
     * before generating settles with 0 tokens and 0 cost. A second call does nothing. Never throws:
     * a settlement the backend could not take is counted in {@link Counters#settleFailures}.
     *
     * @param actualCost null when no price is configured for the model
     */
    void settle(QuotaTicket ticket, long actualTokens, BigDecimal actualCost);

    /** Every limit of the given scopes as it stands now, for the limits view. */
    List<LimitStatus> status(List<ScopeLimits> scopes);

    Health health();

    Counters counters();

    @Override
    default void close() {
    }

    /**
     * Whether decisions are being taken by the configured backend.
     *
     * @param backend   {@code memory} or {@code redis}
     * @param reachable false while the shared backend cannot be reached (decisions then follow
     *                  {@code on_backend_failure}): readiness reports degraded
     * @param detail    for the operator: where the backend is (no credentials) and what is wrong
     */
    record Health(String backend, boolean reachable, String detail) {
    }

    /**
     * Totals since start, for metrics.
     *
     * @param admittedByScope         admissions, counted once for each kind of scope that applied
     * @param refused                 refusals, by the kind of scope and the limit that refused
     * @param admittedWithoutBackend  admitted while the shared backend was unreachable ({@code open})
     * @param refusedWithoutBackend   refused while it was unreachable ({@code closed}, or {@code open} past
     *                                this process's own count)
     * @param settleFailures          settlements the shared backend could not take
     * @param admittedFromCredit      admissions taken from quota this process took from the shared
     *                                backend ahead of need, without a round trip to it
     */
    record Counters(Map<QuotaScope.Kind, Long> admittedByScope, Map<Refusal, Long> refused,
                    long admittedWithoutBackend, long refusedWithoutBackend, long settleFailures,
                    long admittedFromCredit) {
        public Counters {
            admittedByScope = Map.copyOf(admittedByScope);
            refused = Map.copyOf(refused);
        }
    }

    /** A refusal's reason: which kind of scope and which of its limits. */
    record Refusal(QuotaScope.Kind scope, LimitKind limit) {
    }
}
