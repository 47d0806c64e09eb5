package io.llmbridge.adapter.out.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SDK's batch processor with its queue bounded here, so that what does not fit is counted:
 * the SDK drops a span its full queue cannot take without telling anyone but its own metrics. A
 * span ended while {@code capacity} spans wait (ended, not yet handed to the exporter) is dropped
 * at once, never waited for, and counted; a warning says so at most once a minute. The batch
 * processor's queue is as large as this bound, so it never drops one itself.
 */
final class ExportQueue implements SpanProcessor {
    private static final System.Logger LOG = System.getLogger(ExportQueue.class.getName());
    private static final int LARGEST_BATCH = 512;
    private static final long WARNING_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final int capacity;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    private final CountingExporter exporter;
    private final SpanProcessor batches;

    ExportQueue(SpanExporter exporter, int capacity, Duration batchDelay, Duration exportTimeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.exporter = new CountingExporter(exporter, taken -> waiting.addAndGet(-taken));
        this.batches = BatchSpanProcessor.builder(this.exporter).setMaxQueueSize(capacity)
                .setMaxExportBatchSize(Math.min(LARGEST_BATCH, capacity))
                .setScheduleDelay(batchDelay).setExporterTimeout(exportTimeout).build();
    }

    /** Spans dropped since the start because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    /** Spans an export lost since the start (a slow, dead or refusing collector). */
    long lost() {
        return exporter.lost();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return; // the batch processor ignores these too
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            long count = dropped.incrementAndGet();
            warnNowAndThen(count);
            return;
        }
        batches.onEnd(span);
    }

    private void warnNowAndThen(long count) {
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + WARNING_EVERY_NANOS)) {
            LOG.log(System.Logger.Level.WARNING, "The trace export queue is full (" + capacity + " spans): " + count
                    + " span(s) dropped since start; the collector is slow or the queue too small (tracing.queue_size)");
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return batches.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return batches.shutdown();
    }
}
