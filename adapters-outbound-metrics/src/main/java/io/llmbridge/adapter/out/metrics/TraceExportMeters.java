package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Spans the trace export dropped, by reason: {@code queue_full} (ended while the export queue was
 * full: a collector slower than the traffic) and {@code export_failed} (in an export the collector
 * refused or never answered). Both read 0 with tracing off. As with the usage backlog, meters are
 * process-wide and read whichever export was registered last.
 */
public final class TraceExportMeters {
    static final String DROPPED = "llmbridge.tracing.spans.dropped";
    private static final AtomicReference<Drops> CURRENT = new AtomicReference<>();

    private record Drops(LongSupplier queueFull, LongSupplier exportFailed) {
    }

    private TraceExportMeters() {
    }

    public static void register(MeterRegistry registry, LongSupplier queueFull, LongSupplier exportFailed) {
        CURRENT.set(new Drops(queueFull, exportFailed));
        counter(registry, "queue_full", Drops::queueFull);
        counter(registry, "export_failed", Drops::exportFailed);
    }

    private static void counter(MeterRegistry registry, String reason, Function<Drops, LongSupplier> figure) {
        registry.getOrCreate(FunctionalCounter.builder(DROPPED, CURRENT,
                        current -> current.get() == null ? 0L : figure.apply(current.get()).getAsLong())
                .description("Spans the trace export dropped since start, by reason")
                .tags(List.of(Tag.create("reason", reason))));
    }
}
