package io.llmbridge.adapter.out.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Counts the spans an export lost (a slow, dead or refusing collector) and logs the first loss
 * after each success once, so a dead collector is one warning and a count, not a log flood.
 */
final class CountingExporter implements SpanExporter {
    private static final System.Logger LOG = System.getLogger(CountingExporter.class.getName());

    private final SpanExporter exporter;
    private final IntConsumer taken;
    private final AtomicLong lost = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    /** @param taken told how many spans each export takes, before it is sent */
    CountingExporter(SpanExporter exporter, IntConsumer taken) {
        this.exporter = exporter;
        this.taken = taken;
    }

    long lost() {
        return lost.get();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int count = spans.size();
        taken.accept(count);
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                failing.set(false);
                return;
            }
            lost.addAndGet(count);
            if (failing.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "Could not export " + count
                        + " span(s) to the trace collector; spans are dropped and counted until it answers again");
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
