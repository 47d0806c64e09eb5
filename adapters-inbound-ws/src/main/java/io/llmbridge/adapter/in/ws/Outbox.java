package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one connection sends, one whole frame at a time: chats run on their own threads and
 * must not interleave mid-frame. (Helidon's session happens to lock too, but its interface does not
 * promise it.) Once the socket is closing or a send has failed, every send fails at once.
 * <p>
 * Every write has a deadline. A client that stops reading fills the TCP buffers and a socket write
 * then blocks for as long as it likes; past the deadline the client counts as stalled: the outbox
 * fails every send, interrupts the writer (a virtual thread's blocked socket write ends with its
 * socket closed) and tells the connection, which cancels its chats.
 */
final class Outbox {
    private final WsSession session;
    // A lock rather than synchronized: a virtual thread blocked in a socket write must not pin its carrier on JDK 21.
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService timer;
    private final long deadlineNanos;
    private final Runnable onStall;
    /** Whether a deadline check is scheduled; one at a time, rather than one per frame. */
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile boolean closed;
    /** When the write in progress began; 0 while none is. */
    private volatile long writeStarted;
    private volatile Thread writer;

    /**
     * @param timer    runs the deadline checks; they never block
     * @param onStall  told, once, on its own thread, that the client stopped reading
     */
    Outbox(WsSession session, ScheduledExecutorService timer, Duration writeTimeout, Runnable onStall) {
        this.session = session;
        this.timer = timer;
        this.deadlineNanos = writeTimeout.toNanos();
        this.onStall = onStall;
    }

    /** @throws ClientGone when the frame cannot be sent */
    void send(String text) {
        write(() -> session.send(text, true));
    }

    void ping() {
        write(() -> session.ping(BufferData.empty()));
    }

    void pong(BufferData payload) {
        write(() -> session.pong(payload));
    }

    /** Sends a close frame; nothing is sent after it. */
    void close(int code, String reason) {
        write(() -> {
            closed = true;
            session.close(code, reason);
        });
    }

    /** The socket is gone: sends fail from now on. */
    void markClosed() {
        closed = true;
    }

    private void write(Runnable frame) {
        // Waiting for another writer is bounded too: it is either done or declared stalled by then.
        if (!lockWithin(deadlineNanos)) {
            throw new ClientGone(null);
        }
        try {
            if (closed) {
                throw new ClientGone(null);
            }
            writer = Thread.currentThread();
            writeStarted = System.nanoTime() | 1; // never 0, which means "not writing"
            watch(deadlineNanos);
            frame.run();
        } catch (ClientGone e) {
            throw e;
        } catch (RuntimeException e) {
            closed = true;
            throw new ClientGone(e);
        } finally {
            writeStarted = 0;
            writer = null;
            lock.unlock();
        }
    }

    private boolean lockWithin(long nanos) {
        try {
            return lock.tryLock(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void watch(long delayNanos) {
        if (watching.compareAndSet(false, true)) {
            try {
                timer.schedule(this::checkDeadline, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                watching.set(false); // the endpoint is shutting down, and the server with it
            }
        }
    }

    /** On the timer thread: must not block, so the stall is handled on a thread of its own. */
    private void checkDeadline() {
        watching.set(false);
        long started = writeStarted;
        if (started == 0 || closed) {
            return;
        }
        long late = System.nanoTime() - started;
        if (late < deadlineNanos) {
            watch(deadlineNanos - late);
            return;
        }
        closed = true;
        Thread blocked = writer;
        if (blocked != null) {
            blocked.interrupt();
        }
        Thread.ofVirtual().name("ws-stalled").start(onStall);
    }

    /** The client cannot be written to any more; there is nobody left to tell anything. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the WebSocket client is gone", cause, false, false);
        }
    }
}
