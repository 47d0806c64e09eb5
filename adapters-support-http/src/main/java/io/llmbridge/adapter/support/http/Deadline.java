package io.llmbridge.adapter.support.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Bounds a blocking call on the current thread: when the time is up the thread is interrupted,
 * which makes a blocked socket read or write fail at once on the virtual threads Helidon serves
 * requests with (a platform thread's socket read would only end at its read timeout).
 *
 * <p>One watcher thread serves every call. A call that ends in time adds itself to a set and
 * removes itself again, and never wakes the watcher: the watcher sleeps until the earliest
 * deadline it knows of, and is woken only by a call due before that. (A timer queue with
 * cancellation, which this replaced, woke its thread whenever the call due first ended, that is
 * on nearly every call under load.) Not Helidon's fault-tolerance {@code Timeout} either: in its
 * current-thread mode it starts, for every call, a virtual thread that sleeps through the whole
 * timeout.
 */
public final class Deadline {
    private static final System.Logger LOG = System.getLogger(Deadline.class.getName());
    private static final long FAILED_SWEEP_PAUSE_NANOS = 10_000_000L;
    private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();
    /** While true the watcher may miss a call added now, so every call wakes it. */
    private static volatile boolean sweeping = true;
    /** When the watcher wakes next, in {@link System#nanoTime()}; meaningless while {@link #idle}. */
    private static volatile long wakeAt;
    /** The watcher sleeps until woken: there was nothing to watch. */
    private static volatile boolean idle;
    private static final Thread WATCHER = Thread.ofPlatform().daemon().name("llm-bridge-deadlines").start(Deadline::watch);

    private Deadline() {
    }

    /**
     * Runs {@code call} on this thread, interrupting it if it lasts longer than {@code timeout}.
     *
     * @throws TimeoutException when the time ran out, whatever the call then threw; the thread's
     *                          interrupt status is cleared again
     */
    public static <T> T call(Duration timeout, Supplier<T> call) throws TimeoutException {
        Running watch = start(timeout);
        T result = null;
        RuntimeException failure = null;
        boolean expired;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            expired = watch.end();
        }
        if (expired) {
            TimeoutException timedOut = new TimeoutException("no answer within " + timeout);
            timedOut.initCause(failure);
            throw timedOut;
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * Starts a deadline on this thread for work that is not one call (it begins in one callback
     * and ends in another): the thread is interrupted at {@code timeout} unless {@link Running#end()}
     * came first.
     */
    public static Running start(Duration timeout) {
        Watch watch = new Watch(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
        WATCHES.add(watch);
        if (sweeping || idle || watch.due - wakeAt < 0) {
            LockSupport.unpark(WATCHER);
        }
        return watch;
    }

    /** A deadline started on a thread and not yet ended. */
    public sealed interface Running permits Watch {
        /**
         * Ends the deadline; call it on the thread it watches. True when the time had run out: the
         * interrupt it caused is then cleared from the thread, having done its work.
         */
        boolean end();
    }

    /** A read from the network. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws IOException;
    }

    /**
     * As {@link #call}, for a read from the network: its {@link IOException} comes out as an
     * {@link UncheckedIOException}.
     */
    public static <T> T read(Duration timeout, Read<T> read) throws TimeoutException {
        return call(timeout, () -> {
            try {
                return read.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The watcher: fires what is due, then sleeps until the next deadline or until woken. Every
     * upstream call's deadline depends on this one thread, so nothing may end it: a failure in a
     * sweep (an {@code OutOfMemoryError} because another request ran the heap out, say) is
     * reported and the next sweep follows. While {@link #sweeping} stays true, every call wakes it.
     */
    private static void watch() {
        while (true) {
            try {
                sweep();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "The upstream deadline watcher failed a sweep and goes on: " + e);
                LockSupport.parkNanos(FAILED_SWEEP_PAUSE_NANOS); // an Error that persists must not spin a core
            }
        }
    }

    private static void sweep() {
        sweeping = true;
        long now = System.nanoTime();
        long next = 0;
        boolean any = false;
        for (Watch watch : WATCHES) {
            if (watch.due - now <= 0) {
                WATCHES.remove(watch); // first: a watch whose firing fails is not fired again and again
                watch.fire();
            } else if (!any || watch.due - next < 0) {
                next = watch.due;
                any = true;
            }
        }
        // Published before sweeping ends: a call that then sees sweeping false sees these.
        wakeAt = next;
        idle = !any;
        sweeping = false;
        if (any) {
            LockSupport.parkNanos(next - now);
        } else {
            LockSupport.park();
        }
    }

    /** Interrupts its thread at the deadline unless the call has ended first; never after. */
    private static final class Watch implements Running {
        private final Thread thread;
        private final long due;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean ended;
        private boolean fired;

        Watch(Thread thread, long due) {
            this.thread = thread;
            this.due = due;
        }

        void fire() {
            lock.lock();
            try {
                if (!ended) {
                    fired = true;
                    thread.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean end() {
            lock.lock();
            try {
                ended = true;
                if (fired) {
                    Thread.interrupted(); // the interrupt was ours, and it has done its work
                }
            } finally {
                lock.unlock();
            }
            WATCHES.remove(this);
            return fired;
        }
    }
}
