package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.QuotaScope;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * The quota gate's decisions as counters, read from {@link QuotaGate#counters()} when scraped:
 * admissions by scope, refusals by scope and limit, decisions taken without the shared backend,
 * and settlements it could not take; plus whether the backend is reachable. As with the usage
 * backlog, meters are process-wide and read whichever gate was registered last.
 */
public final class QuotaMeters {
    static final String ADMITTED = "llmbridge.quota.admitted";
    static final String REFUSED = "llmbridge.quota.refused";
    static final String WITHOUT_BACKEND = "llmbridge.quota.decisions.without.backend";
    static final String SETTLE_FAILURES = "llmbridge.quota.settle.failures";
    static final String REACHABLE = "llmbridge.quota.backend.reachable";
    static final String FROM_CREDIT = "llmbridge.quota.admitted.from.credit";
    private static final AtomicReference<QuotaGate> CURRENT = new AtomicReference<>();

    private QuotaMeters() {
    }

    public static void register(MeterRegistry registry, QuotaGate gate) {
        CURRENT.set(gate);
        for (QuotaScope.Kind scope : QuotaScope.Kind.values()) {
            counter(registry, ADMITTED, "Requests admitted, once for each kind of scope that applied",
                    counters -> counters.admittedByScope().getOrDefault(scope, 0L), Tag.create("quota_scope", scope.configName()));
            for (LimitKind limit : LimitKind.values()) {
                QuotaGate.Refusal refusal = new QuotaGate.Refusal(scope, limit);
                counter(registry, REFUSED, "Requests refused, by the scope and the limit that refused them",
                        counters -> counters.refused().getOrDefault(refusal, 0L),
                        Tag.create("quota_scope", scope.configName()), Tag.create("limit", limit.configName()));
            }
        }
        String withoutBackend = "Decisions taken while the shared backend could not be reached (on_backend_failure)";
        counter(registry, WITHOUT_BACKEND, withoutBackend, QuotaGate.Counters::admittedWithoutBackend,
                Tag.create("decision", "admitted"));
        counter(registry, WITHOUT_BACKEND, withoutBackend, QuotaGate.Counters::refusedWithoutBackend,
                Tag.create("decision", "refused"));
        counter(registry, SETTLE_FAILURES, "Settlements the shared backend could not take",
                QuotaGate.Counters::settleFailures);
        counter(registry, FROM_CREDIT, "Admissions taken from quota this replica took from Redis ahead of need, without a round trip",
                QuotaGate.Counters::admittedFromCredit);
        registry.getOrCreate(Gauge.builder(REACHABLE, CURRENT,
                        current -> current.get() == null || current.get().health().reachable() ? 1 : 0)
                .description("1 while quota decisions are taken by the configured backend, 0 while it cannot be reached"));
    }

    private static void counter(MeterRegistry registry, String name, String description,
                                ToLongFunction<QuotaGate.Counters> figure, Tag... tags) {
        registry.getOrCreate(FunctionalCounter.builder(name, CURRENT,
                        current -> current.get() == null ? 0L : figure.applyAsLong(current.get().counters()))
                .description(description).tags(List.of(tags)));
    }
}
