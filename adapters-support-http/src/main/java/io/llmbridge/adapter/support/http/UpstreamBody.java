package io.llmbridge.adapter.support.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Map;

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
    /** The provider option that bounds a non-streamed answer's body, in bytes. */
    public static final String MAX_SIZE_OPTION = "max_response_size";
    /** Far more than any chat completion; an upstream sending more is broken or hostile. */
    public static final long DEFAULT_MAX_SIZE = 32L * 1024 * 1024;
    /** The largest array the JVM reliably allocates, less one for the byte that tells a body is over the limit. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 9;

    private UpstreamBody() {
    }

    /**
     * {@value #MAX_SIZE_OPTION} of a provider's section, {@link #DEFAULT_MAX_SIZE} unless set.
     *
     * @throws InvalidProviderOption when it is not a positive whole number an array can hold
     */
    public static long maxSize(Map<String, Object> options) {
        Object value = options.getOrDefault(MAX_SIZE_OPTION, DEFAULT_MAX_SIZE);
        if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                && ((Number) value).longValue() > 0 && ((Number) value).longValue() <= MAX_ARRAY) {
            return ((Number) value).longValue();
        }
        throw new InvalidProviderOption(MAX_SIZE_OPTION, "must be a whole number of bytes from 1 to " + MAX_ARRAY);
    }

    /**
     * A whole non-streamed body, whatever its framing.
     *
     * @throws TooLarge when it is, or says it is, longer than {@code maxSize}: no more of it is read
     */
    public static byte[] read(HttpClientResponse response, long maxSize) throws IOException {
        // Ask readNBytes for the declared length when it is what will be read (not encoded):
        // asking for more makes it and Helidon's entity stream each allocate 16 KiB per read.
        long declared = response.headers().contains(HeaderNames.CONTENT_ENCODING) ? -1
                : response.headers().contentLength().orElse(-1);
        if (declared > maxSize) {
            throw new TooLarge(maxSize);
        }
        try (InputStream in = of(response)) {
            byte[] body = in.readNBytes((int) (declared >= 0 ? declared : maxSize + 1));
            if (body.length > maxSize) {
                throw new TooLarge(maxSize);
            }
            return body;
        }
    }

    /** An upstream's body longer than the provider's {@value #MAX_SIZE_OPTION}. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(long maxSize) {
            super("answered with a body larger than " + maxSize + " bytes (" + MAX_SIZE_OPTION + ")");
        }
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
