package io.llmbridge.adapter.in.ws;

import io.helidon.websocket.WsCloseCodes;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a connection (normal close, 1000) once nothing has been received and no chat has run for
 * the idle timeout. A connection whose chats are still streaming is never idle: it is pinged
 * instead, every half timeout, because the server's own sweep closes connections that have
 * received nothing for a while, and the client's pong is something received. One stalled client
 * must not hold up the others' timeouts, so the shared timer thread never writes itself.
 */
final class IdleWatch {
    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private final BooleanSupplier busy;
    private final Outbox outbox;
    private volatile long lastActivity = System.nanoTime();
    private ScheduledFuture<?> next;
    private boolean stopped;

    IdleWatch(ScheduledExecutorService timer, Duration timeout, BooleanSupplier busy, Outbox outbox) {
        this.timer = timer;
        this.timeoutNanos = timeout.toNanos();
        this.busy = busy;
        this.outbox = outbox;
    }

    void start() {
        schedule(timeoutNanos);
    }

    /** Something was received, or a chat ended. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** On the timer thread, which serves every connection: the sends, which may wait, are done on a thread of their own. */
    private void check() {
        Thread.ofVirtual().name("ws-idle-check").start(this::checkNow);
    }

    private void checkNow() {
        try {
            if (busy.getAsBoolean()) {
                outbox.ping();
                schedule(Math.max(1, timeoutNanos / 2));
                return;
            }
            long idle = System.nanoTime() - lastActivity;
            if (idle >= timeoutNanos) {
                outbox.close(WsCloseCodes.NORMAL_CLOSE, "idle timeout");
            } else {
                schedule(timeoutNanos - idle);
            }
        } catch (Outbox.ClientGone e) {
            // The socket is closing anyway; its close handling cleans up.
        }
    }

    private synchronized void schedule(long delayNanos) {
        if (!stopped) {
            try {
                next = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true; // the endpoint is shutting down, and the server with it
            }
        }
    }
}
