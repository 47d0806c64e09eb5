package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one connection sends, one whole frame at a time: chats run on their own threads and
 * must not interleave mid-frame. (Helidon's session happens to lock too, but its interface does not
 * promise it.) Once the socket is closing or a send has failed, every send fails at once.
 */
final class Outbox {
    private final WsSession session;
    // A lock rather than synchronized: a virtual thread blocked in a socket write must not pin its carrier on JDK 21.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    Outbox(WsSession session) {
        this.session = session;
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
        lock.lock();
        try {
            if (closed) {
                throw new ClientGone(null);
            }
            frame.run();
        } catch (ClientGone e) {
            throw e;
        } catch (RuntimeException e) {
            closed = true;
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    /** The client cannot be written to any more; there is nobody left to tell anything. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the WebSocket client is gone", cause, false, false);
        }
    }
}
