package io.llmbridge.adapter.support.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an upstream's answer, as a stream that ends where the body does whatever its
 * framing: a {@code Content-Length}, chunks, or the connection's close.
 *
 * <p>A body with neither a length nor chunks ends when the upstream closes the connection (legal
 * in HTTP/1.1, and how some corporate proxies answer). Helidon's HTTP/1.1 client reads such a
 * body to the socket's end and then throws {@link DataReader.InsufficientDataAvailableException}
 * instead of answering -1, so a reader failed after the whole body had arrived. For that framing
 * alone the exception is the end of the body; a body with a length or chunks that stops short
 * still fails.
 */
public final class UpstreamBody {
    private UpstreamBody() {
    }

    /** Read every answer's body through this, not {@link HttpClientResponse#inputStream()}. */
    public static InputStream of(HttpClientResponse response) {
        boolean endsAtClose = response.headers().contentLength().isEmpty()
                && !response.headers().contains(HeaderNames.TRANSFER_ENCODING);
        return endsAtClose ? new EndsAtClose(response.inputStream()) : response.inputStream();
    }

    private static final class EndsAtClose extends FilterInputStream {
        private boolean ended;

        EndsAtClose(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            try {
                return super.read();
            } catch (DataReader.InsufficientDataAvailableException closed) {
                ended = true;
                return -1;
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            try {
                return super.read(bytes, offset, length);
            } catch (DataReader.InsufficientDataAvailableException closed) {
                ended = true;
                return -1;
            }
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : super.available();
        }

        /** Helidon's close reads what is left of the body, and meets the connection's end again. */
        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (DataReader.InsufficientDataAvailableException closed) {
                // the body had ended: nothing is left to read
            }
        }
    }
}
