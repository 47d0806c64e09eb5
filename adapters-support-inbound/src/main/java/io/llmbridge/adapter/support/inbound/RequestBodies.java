package io.llmbridge.adapter.support.inbound;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies within their bounds: a size limit, the heap's budget for large bodies, and
 * a deadline for the whole body to arrive, so that a client trickling its body holds a request for
 * {@code readTimeout} at most. The deadline interrupts the reading thread from the shared
 * {@link Deadline} watcher, which closes the connection: it adds no timed wait to any read.
 *
 * @param maxBytes    the largest body accepted; larger ones get 413
 * @param readTimeout how long a body may take to arrive, waiting for room in the budget not counted
 */
public record RequestBodies(long maxBytes, Duration readTimeout, LargeBodies largeBodies) {
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The request's body, with its room in the large-body budget.
     *
     * @throws BridgeException 413 past the size limit, 503 to retry when the budget has no room,
     *                         400 when the body did not arrive in time (its connection is closed)
     */
    public Body read(ServerRequest request) {
        var declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(); // at once, not after waiting for room
        }
        long deadline = System.nanoTime() + readTimeout.toNanos();
        try (InputStream in = request.content().inputStream()) {
            // A declared length is the size of what is read unless the body is encoded (compressed).
            if (declared.isPresent() && !request.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                LargeBodies.Admission admission = largeBodies.admit(declared.getAsLong());
                // Ask for exactly the declared length: asking for more makes readNBytes and
                // Helidon's entity stream each allocate a 16 KiB buffer per read, for a body of a
                // few hundred bytes.
                return admitted(admission, () -> readWithin(in, declared.getAsLong(), deadline));
            }
            // Of unknown size: it may take room only once it has shown itself large, and then as
            // much as the largest body could. Reading one byte over the limit tells.
            long unadmitted = Math.min(largeBodies.largeBytes(), maxBytes + 1);
            byte[] start = readWithin(in, unadmitted, deadline);
            if (start.length > maxBytes) {
                throw tooLarge();
            }
            if (start.length < unadmitted) {
                return new Body(start, LargeBodies.Admission.NONE);
            }
            long admittedAt = System.nanoTime();
            LargeBodies.Admission admission = largeBodies.admit(maxBytes);
            long waited = System.nanoTime() - admittedAt;
            return admitted(admission, () -> {
                byte[] rest = readWithin(in, maxBytes + 1 - start.length, deadline + waited);
                byte[] whole = new byte[start.length + rest.length];
                System.arraycopy(start, 0, whole, 0, start.length);
                System.arraycopy(rest, 0, whole, start.length, rest.length);
                return whole;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Body admitted(LargeBodies.Admission admission, java.util.function.Supplier<byte[]> read) {
        try {
            byte[] body = read.get();
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return new Body(body, admission);
        } catch (RuntimeException | Error e) {
            admission.close();
            throw e;
        }
    }

    /** Up to {@code bytes} of the body, what is left of it when it ends first. */
    private byte[] readWithin(InputStream in, long bytes, long deadline) {
        int wanted = (int) Math.min(Integer.MAX_VALUE - 8, bytes);
        try {
            return Deadline.read(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> in.readNBytes(wanted));
        } catch (TimeoutException e) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "The request body did not arrive within "
                            + readTimeout.toMillis() / 1000.0 + " seconds.")
                    .code("request_body_timeout").cause(e).build();
        }
    }

    private BridgeException tooLarge() {
        return BridgeException.of(ErrorKind.PAYLOAD_TOO_LARGE,
                        "The request body is larger than this gateway accepts (" + maxBytes + " bytes).")
                .code("request_too_large").build();
    }

    /** A body read whole; closing it gives its room in the budget back. */
    public record Body(byte[] bytes, LargeBodies.Admission admission) implements AutoCloseable {
        @Override
        public void close() {
            admission.close();
        }
    }
}
