package io.llmbridge.adapter.support.http;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ModelRoute;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An upstream's open event stream, read one event's data at a time. Waiting for an event may
 * take the route's timeout, as waiting for the first did; every failure comes out as the
 * adapter's {@link ProviderFailures} say.
 */
public final class UpstreamEvents implements AutoCloseable {
    /** How long the end of the body may take to come after the last event before the connection is dropped. */
    private static final Duration END_WAIT = Duration.ofSeconds(1);

    private final HttpClientResponse response;
    private final SseEventReader reader;
    private final ModelRoute route;
    private final ProviderFailures failures;

    /** Every byte read from the body, kept until taken; null unless the stream is relayed. */
    private final ByteArrayOutputStream read;

    public UpstreamEvents(HttpClientResponse response, ModelRoute route, ProviderFailures failures) {
        this(response, route, failures, null);
    }

    private UpstreamEvents(HttpClientResponse response, ModelRoute route, ProviderFailures failures, ByteArrayOutputStream read) {
        this.response = response;
        InputStream body = UpstreamBody.of(response);
        this.reader = new SseEventReader(read == null ? body : new Copying(body, read));
        this.route = route;
        this.failures = failures;
        this.read = read;
    }

    /** A stream whose bytes are kept as they are read, to be relayed unchanged ({@link #takeRead()}). */
    static UpstreamEvents relayed(HttpClientResponse response, ModelRoute route, ProviderFailures failures) {
        return new UpstreamEvents(response, route, failures, new ByteArrayOutputStream());
    }

    /**
     * The bytes read from the body since the last call, exactly as they came; they hold at least
     * every event {@link #next()} has returned, and may hold the start of the next.
     */
    public byte[] takeRead() {
        if (read == null) {
            throw new IllegalStateException("only a relayed stream keeps its bytes");
        }
        byte[] taken = read.toByteArray();
        read.reset();
        return taken;
    }

    /**
     * The data of the next event that has some; null at the end of the stream.
     *
     * @throws io.llmbridge.domain.BridgeException when the time ran out or the connection broke
     */
    public String next() {
        try {
            if (reader.hasBufferedEvent()) {
                return reader.nextData();
            }
            return Deadline.read(route.timeout(), reader::nextData);
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        } catch (IOException e) {
            throw failures.translate(route, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
    }

    /** A failure met while reading this stream, as the adapter's failures say. */
    BridgeException failed(RuntimeException failure) {
        return failures.translate(route, failure);
    }

    /** Whether {@link #next()} can answer without waiting for the network. */
    public boolean hasBufferedEvent() {
        return reader.hasBufferedEvent();
    }

    /** The response's headers, e.g. the upstream's request id. */
    public ClientResponseHeaders headers() {
        return response.headers();
    }

    /**
     * Closes the connection, or gives it back for the next call when {@code finished}: then only
     * the end of the body is left, and Helidon pools the connection again only when the body was
     * read to its end (otherwise every stream costs the next one a new TCP and TLS handshake). An
     * upstream that keeps the body open loses its connection after a second.
     */
    public void close(boolean finished) {
        if (finished) {
            try {
                Deadline.read(END_WAIT, () -> {
                    reader.skipToEnd();
                    return null;
                });
            } catch (TimeoutException | RuntimeException e) {
                // the connection is closed instead of reused; the stream itself went well
            }
        }
        response.close();
    }

    @Override
    public void close() {
        close(false);
    }

    /** Copies what is read from the body into {@code read}. */
    private static final class Copying extends FilterInputStream {
        private final ByteArrayOutputStream copy;

        Copying(InputStream in, ByteArrayOutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = super.read(bytes, offset, length);
            if (n > 0) {
                copy.write(bytes, offset, n);
            }
            return n;
        }
    }
}
