package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The gate's counters for metrics; safe to update from every request thread at once. */
final class QuotaCounting {
    private final Map<QuotaScope.Kind, LongAdder> admitted = new EnumMap<>(QuotaScope.Kind.class);
    private final Map<QuotaGate.Refusal, LongAdder> refused = new ConcurrentHashMap<>();
    private final LongAdder admittedWithoutBackend = new LongAdder();
    private final LongAdder refusedWithoutBackend = new LongAdder();
    private final LongAdder settleFailures = new LongAdder();
    private final LongAdder admittedFromCredit = new LongAdder();

    QuotaCounting() {
        for (QuotaScope.Kind kind : QuotaScope.Kind.values()) {
            admitted.put(kind, new LongAdder());
        }
    }

    /** Counts a decision and hands it back. */
    QuotaDecision count(Admission admission, QuotaDecision decision) {
        switch (decision) {
            case QuotaDecision.Admitted ignored -> admission.scopes().forEach(scope -> admitted.get(scope.scope().kind()).increment());
            case QuotaDecision.Refused refusal -> refused.computeIfAbsent(
                    new QuotaGate.Refusal(refusal.scope().kind(), refusal.limit()), key -> new LongAdder()).increment();
        }
        return decision;
    }

    void admittedWithoutBackend() {
        admittedWithoutBackend.increment();
    }

    void refusedWithoutBackend() {
        refusedWithoutBackend.increment();
    }

    void admittedFromCredit() {
        admittedFromCredit.increment();
    }

    void settleFailed() {
        settleFailures.increment();
    }

    QuotaGate.Counters snapshot() {
        Map<QuotaScope.Kind, Long> admissions = new EnumMap<>(QuotaScope.Kind.class);
        admitted.forEach((kind, count) -> admissions.put(kind, count.sum()));
        Map<QuotaGate.Refusal, Long> refusals = new java.util.HashMap<>();
        refused.forEach((refusal, count) -> refusals.put(refusal, count.sum()));
        return new QuotaGate.Counters(admissions, refusals, admittedWithoutBackend.sum(), refusedWithoutBackend.sum(),
                settleFailures.sum(), admittedFromCredit.sum());
    }
}
