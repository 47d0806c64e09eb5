package io.llmbridge.adapter.support.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Bounds a blocking call on the current thread: when the time is up the thread is interrupted,
 * which makes a blocked socket read or write fail at once on the virtual threads Helidon serves
 * requests with (a platform thread's socket read would only end at its read timeout). One timer
 * thread serves every call, so
 * a call that ends in time costs one entry added to and removed from the timer's queue.
 *
 * <p>Not Helidon's fault-tolerance {@code Timeout}: in its current-thread mode it starts, for every
 * call, a virtual thread that sleeps through the whole timeout, and that thread cost more than the
 * rest of a non-streamed exchange with a fast upstream.
 */
public final class Deadline {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Deadline() {
    }

    /**
     * Runs {@code call} on this thread, interrupting it if it lasts longer than {@code timeout}.
     *
     * @throws TimeoutException when the time ran out, whatever the call then threw; the thread's
     *                          interrupt status is cleared again
     */
    public static <T> T call(Duration timeout, Supplier<T> call) throws TimeoutException {
        Watch watch = new Watch(Thread.currentThread());
        ScheduledFuture<?> alarm = TIMER.schedule(watch, timeout.toNanos(), TimeUnit.NANOSECONDS);
        T result = null;
        RuntimeException failure = null;
        boolean expired;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            expired = watch.end();
            alarm.cancel(false);
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

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("llm-bridge-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true); // a call that ends in time leaves nothing behind
        return timer;
    }

    /** Interrupts its thread at the deadline unless the call has ended first; never after. */
    private static final class Watch implements Runnable {
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean ended;
        private boolean fired;

        Watch(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void run() {
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

        /** Called by the watched thread when its call is over; true when the deadline had fired. */
        boolean end() {
            lock.lock();
            try {
                ended = true;
                if (fired) {
                    Thread.interrupted(); // the interrupt was ours, and it has done its work
                }
                return fired;
            } finally {
                lock.unlock();
            }
        }
    }
}
