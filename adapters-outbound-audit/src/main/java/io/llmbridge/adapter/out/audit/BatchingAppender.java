package io.llmbridge.adapter.out.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands events to another appender on a thread of its own, in batches: the writer looks at the
 * queue every {@value #BATCH_MILLIS} ms rather than being woken for each event, so a busy gateway
 * pays no thread wake-up per request (logback's {@code AsyncAppender} signals its worker for
 * every event it queues while the worker waits). After a second with nothing to write the writer
 * waits to be woken, so an idle gateway does not poll. The target's output stream is flushed
 * after each batch, not after each event: a batch leaves in a few writes, and an event is in
 * the file as soon after its request as it was before.
 *
 * <p>Nothing is dropped: when the queue is full, {@link #append} waits for room. Stopping writes
 * out what is queued, for up to {@code flushOnStop}.
 */
final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final int BATCH_MILLIS = 10;
    private static final int IDLE_BATCHES = 100;

    private final OutputStreamAppender<ILoggingEvent> target;
    private final BlockingQueue<ILoggingEvent> queue;
    private final long flushOnStopMillis;
    private Thread writer;
    private volatile boolean stopping;

    BatchingAppender(OutputStreamAppender<ILoggingEvent> target, int queueSize, long flushOnStopMillis) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.flushOnStopMillis = flushOnStopMillis;
    }

    @Override
    public void start() {
        writer = Thread.ofPlatform().daemon().name("llm-bridge-" + getName()).start(this::write);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a request being cancelled must still be audited
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        writer.interrupt();
        try {
            writer.join(flushOnStopMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("The audit file writer did not finish within " + flushOnStopMillis + " ms; "
                    + queue.size() + " events were not written.");
        }
        target.stop();
    }

    /** Only this writer appends to the target, so its stream (new after a roll) is not shared. */
    private void flush() {
        try {
            target.getOutputStream().flush();
        } catch (IOException e) {
            addError("Could not write audit events to the file", e);
        }
    }

    /**
     * Every later event, and every request waiting for room in the queue, depends on this thread:
     * an {@code Error} writing one event (the heap ran out while encoding it) loses that event,
     * not the writer. Logback's appenders already catch their {@code Exception}s.
     */
    private void writeOne(ILoggingEvent event) {
        try {
            target.doAppend(event);
        } catch (Error e) {
            addError("Could not write an audit event; it is lost, the events after it are written", e);
        }
    }

    private void write() {
        List<ILoggingEvent> batch = new ArrayList<>();
        int emptyBatches = 0;
        while (true) {
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                batch.forEach(this::writeOne);
                batch.clear();
                flush();
                emptyBatches = 0;
            } else if (stopping) {
                return;
            }
            try {
                if (++emptyBatches > IDLE_BATCHES) {
                    batch.add(queue.take());
                } else {
                    TimeUnit.MILLISECONDS.sleep(BATCH_MILLIS);
                }
            } catch (InterruptedException e) {
                // stop() asks for the rest to be written out: the loop does that, then ends
            }
        }
    }
}
