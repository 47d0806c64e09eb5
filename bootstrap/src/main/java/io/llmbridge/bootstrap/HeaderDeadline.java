package io.llmbridge.bootstrap;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.llmbridge.adapter.support.http.Deadline;

import java.time.Duration;

/**
 * Bounds the time from a request line to the end of its headers: a client that sends half its
 * headers and waits (slowloris) has its connection closed. Helidon reads each connection on one
 * virtual thread, which it tells of both moments; the shared {@link Deadline} watcher interrupts
 * that thread if the second is late, and the interrupted socket read closes the connection. The
 * request line itself, and the wait for it, are bounded by the server's idle sweep, which
 * interrupts a connection waiting for its next request.
 *
 * <p>No timed wait per read: starting and ending a deadline only adds it to and removes it from a
 * set, and wakes the watcher at most when it is due before every other.
 */
final class HeaderDeadline implements Http1ConnectionListener {
    /** The deadline of the request whose headers this connection's thread is reading, if any. */
    private static final ThreadLocal<Deadline.Running> RUNNING = new ThreadLocal<>();

    private final Duration timeout;

    HeaderDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        end(); // a request whose headers failed leaves its deadline behind
        RUNNING.set(Deadline.start(timeout));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        end();
    }

    private static void end() {
        Deadline.Running running = RUNNING.get();
        if (running != null) {
            RUNNING.set(null);
            running.end();
        }
    }
}
