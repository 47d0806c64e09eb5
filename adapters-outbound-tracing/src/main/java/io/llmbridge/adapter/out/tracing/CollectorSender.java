package io.llmbridge.adapter.out.tracing;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.http.UpstreamClient;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Posts the OpenTelemetry exporter's OTLP requests to the collector with the gateway's own HTTP
 * client, the one provider calls use ({@link UpstreamClient}): the same keep-alive connections,
 * proxy (credentials included) and company CA. Each export is sent from a virtual thread of its
 * own, every attempt bounded by {@link Deadline} like a provider call, so a collector that stops
 * reading or answering costs the export its timeout, never more, retries included. A refused or
 * unanswered export is handed to the exporter as a failure, which counts its spans as lost.
 */
final class CollectorSender implements HttpSender {
    /** What the OTLP specification says a client may retry. */
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    /** The most of a collector's answer read: its error status, if any, is short. */
    private static final int LONGEST_ANSWER = 64 * 1024;
    private static final ThreadFactory SENDERS = Thread.ofVirtual().name("llm-bridge-trace-export").factory();

    private final UpstreamClient client;
    private final URI endpoint;
    private final String contentType;
    private final Compressor compressor;
    private final Supplier<Map<String, List<String>>> headers;
    private final Duration timeout;
    private final RetryPolicy retries;

    CollectorSender(UpstreamClient client, HttpSenderConfig config) {
        this.client = client;
        this.endpoint = config.getEndpoint();
        this.contentType = config.getContentType();
        this.compressor = config.getCompressor();
        this.headers = config.getHeadersSupplier();
        this.timeout = config.getTimeout();
        this.retries = config.getRetryPolicy();
    }

    @Override
    public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        byte[] body;
        try {
            body = body(message); // on the caller's thread: the exporter may reuse what it marshals from
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        SENDERS.newThread(() -> deliver(body, deadline, onResponse, onError)).start();
    }

    private void deliver(byte[] body, long deadline, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        int attempts = retries == null ? 1 : Math.max(1, retries.getMaxAttempts());
        long backoff = retries == null ? 0 : retries.getInitialBackoff().toNanos();
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            Answer answer;
            Exception failure = null;
            try {
                answer = Deadline.call(Duration.ofNanos(Math.max(left, 1)), () -> post(body));
            } catch (RuntimeException | TimeoutException e) {
                answer = null;
                failure = e;
            }
            boolean again = answer == null ? retriable(failure) : RETRYABLE.contains(answer.getStatusCode());
            long pause = again ? ThreadLocalRandom.current().nextLong(Math.max(backoff, 1)) : 0;
            if (!again || attempt >= attempts || System.nanoTime() + pause >= deadline) {
                if (answer != null) {
                    onResponse.accept(answer);
                } else {
                    onError.accept(failure);
                }
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                onError.accept(e);
                return;
            }
            backoff = Math.min((long) (backoff * retries.getBackoffMultiplier()), retries.getMaxBackoff().toNanos());
        }
    }

    private byte[] body(MessageWriter message) throws IOException {
        if (compressor == null) {
            FixedBody body = new FixedBody(message.getContentLength());
            message.writeMessage(body);
            return body.bytes();
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(32, message.getContentLength() / 4));
        try (OutputStream out = compressor.compress(compressed)) {
            message.writeMessage(out);
        }
        return compressed.toByteArray();
    }

    private Answer post(byte[] body) {
        try (HttpClientResponse response = client.post(endpoint, body, timeout, request -> {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
            if (compressor != null) {
                request.header(HeaderNames.CONTENT_ENCODING, compressor.getEncoding());
            }
            Map<String, List<String>> extra = headers == null ? null : headers.get();
            if (extra != null) {
                extra.forEach((name, values) -> request.header(HeaderNames.create(name), values.toArray(String[]::new)));
            }
        })) {
            return new Answer(response.status().code(), response.status().reasonPhrase(), read(response));
        }
    }

    private static byte[] read(HttpClientResponse response) {
        try (InputStream in = response.entity().inputStream()) {
            return in.readNBytes(LONGEST_ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections refused, reset or timed out are retried; a TLS failure or a bad endpoint is not. */
    private boolean retriable(Exception failure) {
        if (retries == null || !(failure instanceof UncheckedIOException io)) {
            return false;
        }
        if (io.getCause() instanceof javax.net.ssl.SSLException) {
            return false;
        }
        return retries.getRetryExceptionPredicate() == null || retries.getRetryExceptionPredicate().test(io.getCause());
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    private record Answer(int status, String message, byte[] body) implements HttpResponse {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getStatusMessage() {
            return message;
        }

        @Override
        public byte[] getResponseBody() {
            return body;
        }
    }

    /** An output stream into an array of the message's known length: no growing, no copy. */
    private static final class FixedBody extends OutputStream {
        private final byte[] bytes;
        private int size;

        FixedBody(int length) {
            this.bytes = new byte[length];
        }

        @Override
        public void write(int b) throws IOException {
            room(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            room(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        private void room(int length) throws IOException {
            if (length > bytes.length - size) {
                throw new IOException("the OTLP message is longer than its announced " + bytes.length + " bytes");
            }
        }

        byte[] bytes() throws IOException {
            if (size != bytes.length) {
                throw new IOException("the OTLP message has " + size + " of its announced " + bytes.length + " bytes");
            }
            return bytes;
        }
    }
}
