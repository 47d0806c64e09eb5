package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.llmbridge.application.port.out.UsageStore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The usage store's queue as gauges: rows waiting to be written and rows dropped because the
 * queue was full. Helidon's registries keep their meters process-wide and a gauge keeps the
 * object it was made with, so the gauges read whichever store was registered last (tests start
 * several gateways in one JVM, one after the other).
 */
public final class UsageBacklogGauges {
    static final String WAITING = "llmbridge.usage.rows.waiting";
    static final String DROPPED = "llmbridge.usage.rows.dropped";
    private static final AtomicReference<UsageStore> CURRENT = new AtomicReference<>();

    private UsageBacklogGauges() {
    }

    public static void register(MeterRegistry registry, UsageStore store) {
        CURRENT.set(store);
        registry.getOrCreate(Gauge.builder(WAITING, CURRENT, backlog(UsageStore.Backlog::waiting))
                .description("Usage rows queued or being written to the store"));
        registry.getOrCreate(Gauge.builder(DROPPED, CURRENT, backlog(UsageStore.Backlog::dropped))
                .description("Usage rows dropped since start because the store's queue was full"));
    }

    private static ToDoubleFunction<AtomicReference<UsageStore>> backlog(ToDoubleFunction<UsageStore.Backlog> figure) {
        return current -> current.get() == null ? 0 : figure.applyAsDouble(current.get().backlog());
    }
}
