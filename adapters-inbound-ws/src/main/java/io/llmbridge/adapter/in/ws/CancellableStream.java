package io.llmbridge.adapter.in.ws;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The upstream side of one chat, which another thread may stop at any moment. Once open, stopping
 * closes the stream: a {@code next()} blocked on the upstream fails at once and the connection is
 * released. While it is still being opened (the upstream has not answered yet), stopping interrupts
 * the opening thread, which on a virtual thread closes the socket it is blocked on. That interrupt
 * is only ever delivered inside the opening and cleared when it ends, so it can never land on a
 * later write to the client's socket, which it would close too.
 */
final class CancellableStream {
    private static final Logger LOG = LoggerFactory.getLogger(CancellableStream.class);

    private final ReentrantLock lock = new ReentrantLock();
    private Thread opener;
    private ChatStream stream;
    private boolean cancelled;
    private boolean closed;

    /** @return the open stream; null when cancelled before or while opening (nothing is then left open) */
    ChatStream open(Supplier<ChatStream> opening) {
        lock.lock();
        try {
            if (cancelled) {
                return null;
            }
            opener = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        ChatStream opened = null;
        try {
            opened = opening.get();
        } finally {
            lock.lock();
            try {
                opener = null;
                Thread.interrupted();
                stream = opened;
            } finally {
                lock.unlock();
            }
        }
        if (isCancelled()) {
            close();
            return null;
        }
        return opened;
    }

    /** Whether the upstream answered and a stream was handed over (it may be closed since). */
    boolean wasOpened() {
        lock.lock();
        try {
            return stream != null;
        } finally {
            lock.unlock();
        }
    }

    boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** Safe from any thread, any number of times. */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            if (opener != null) {
                opener.interrupt();
            }
        } finally {
            lock.unlock();
        }
        close();
    }

    /**
     * Ends the chat for a reason of the gateway's: an open stream is stopped with it (its reader
     * fails with {@code reason}, and it is recorded as cancelled for it); one still opening is
     * cancelled, as nothing has reached the client yet.
     */
    void stop(BridgeException reason) {
        ChatStream open;
        lock.lock();
        try {
            open = closed ? null : stream;
            closed = closed || stream != null;
        } finally {
            lock.unlock();
        }
        if (open == null) {
            cancel();
            return;
        }
        try {
            open.stop(reason);
        } catch (RuntimeException e) {
            LOG.debug("Stopping an upstream stream failed: {}", e.toString());
        }
    }

    /** Releases the upstream connection, once; outside the lock, so a slow close holds nobody up. */
    void close() {
        ChatStream open;
        lock.lock();
        try {
            if (closed || stream == null) {
                return;
            }
            closed = true;
            open = stream;
        } finally {
            lock.unlock();
        }
        try {
            open.close();
        } catch (RuntimeException e) {
            // Closing is releasing: a failure to do it cleanly leaves nothing more to do.
            LOG.debug("Closing an upstream stream failed: {}", e.toString());
        }
    }
}
