package io.llmbridge.adapter.support.inbound;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many bytes of large request bodies the gateway holds at once. A body of a few MiB (an image
 * sent inline) holds several times its size in heap while it is read, parsed and forwarded; past
 * this budget a large body waits, unread, until others have been answered, and after
 * {@code wait} is refused with a 503 to retry, rather than running the heap out for every request
 * in flight. Small bodies are never counted; one body larger than the whole budget takes all of it.
 * A body of unknown size (chunked, or compressed) counts as the largest allowed once it has
 * proved large (see {@link RequestBodies}).
 */
public final class LargeBodies {
    /** Bodies from this size on count against the budget. */
    public static final long LARGE_BYTES = 256 * 1024;
    private static final LargeBodies HEAP = new LargeBodies(LARGE_BYTES, Runtime.getRuntime().maxMemory() / 6,
            Duration.ofSeconds(30));

    private final long largeBytes;
    private final int budgetKib;
    private final Duration wait;
    private final Semaphore kib;

    public LargeBodies(long largeBytes, long budgetBytes, Duration wait) {
        this.largeBytes = largeBytes;
        this.budgetKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes / 1024));
        this.wait = wait;
        this.kib = new Semaphore(budgetKib, true);
    }

    /**
     * The process's budget, one for every surface that reads bodies (they share the heap): a sixth
     * of the heap the JVM may grow to (about four 9 MiB bodies under 256 MiB), waiting up to 30 s.
     */
    public static LargeBodies ofHeap() {
        return HEAP;
    }

    /**
     * Lets a body of {@code bytes} in, waiting for room if needed; close the admission when its
     * request ends.
     *
     * @throws BridgeException (503, to retry) when no room was made within the wait
     */
    public Admission admit(long bytes) {
        if (bytes < largeBytes) {
            return Admission.NONE;
        }
        int permits = (int) Math.min(budgetKib, (bytes + 1023) / 1024);
        try {
            if (!kib.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw BridgeException.of(ErrorKind.UNAVAILABLE,
                                "The gateway is holding as many large request bodies as its memory allows; retry shortly.")
                        .code("gateway_busy").retryAfter("1").build();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is stopping.").code("gateway_busy").build();
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                kib.release(permits);
            }
        };
    }

    /** The size from which a body counts against the budget. */
    public long largeBytes() {
        return largeBytes;
    }

    /** Whether a body is waiting for room. */
    public boolean anyWaiting() {
        return kib.hasQueuedThreads();
    }

    /** A body let in; closing it (once or more) gives its room back. */
    public interface Admission extends AutoCloseable {
        Admission NONE = () -> { };

        @Override
        void close();
    }
}
