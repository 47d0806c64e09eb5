package io.llmbridge.adapter.out.tracing;

import com.sun.net.httpserver.HttpServer;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The export's sender against a local collector (the JDK's HTTP server, or a bare socket for
 * collectors that misbehave at the TCP level).
 */
class CollectorSenderTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final RetryPolicy QUICK_RETRIES = RetryPolicy.builder().setMaxAttempts(3)
            .setInitialBackoff(Duration.ofMillis(10)).setMaxBackoff(Duration.ofMillis(20)).build();

    private HttpServer collector;
    private ServerSocket mute;

    @AfterEach
    void stop() throws IOException {
        if (collector != null) {
            collector.stop(0);
        }
        if (mute != null) {
            mute.close();
        }
    }

    /** A collector answering each POST with the next status of {@code statuses} (the last one repeats). */
    private URI collector(LinkedBlockingQueue<Posted> posts, int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                posts.add(new Posted(exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("X-Tenant"), exchange.getRequestBody().readAllBytes()));
                int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
                exchange.sendResponseHeaders(status, -1);
            }
        });
        collector.start();
        return URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    private static CollectorSender sender(URI endpoint, Duration timeout, RetryPolicy retries) {
        return new CollectorSender(UpstreamClients.create(OutboundNetwork.DIRECT, endpoint), new Config(endpoint, timeout, retries));
    }

    /** Sends {@code body} and waits for the outcome: the collector's answer, or the failure thrown. */
    private static HttpResponse send(CollectorSender sender, byte[] body) throws Exception {
        CompletableFuture<HttpResponse> outcome = new CompletableFuture<>();
        sender.send(new Bytes(body), outcome::complete, outcome::completeExceptionally);
        try {
            return outcome.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void an_export_reaches_the_collector_whole_with_its_content_type_and_headers() throws Exception {
        LinkedBlockingQueue<Posted> posts = new LinkedBlockingQueue<>();
        URI endpoint = collector(posts, 200);
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);

        HttpResponse answer = send(sender(endpoint, Duration.ofSeconds(10), QUICK_RETRIES), body);

        assertEquals(200, answer.getStatusCode());
        Posted posted = posts.poll(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertEquals("application/x-protobuf", posted.contentType());
        assertEquals("blue", posted.tenant());
        assertArrayEquals(body, posted.body());
    }

    @Test
    void a_busy_collector_is_tried_again_and_its_answer_handed_on() throws Exception {
        LinkedBlockingQueue<Posted> posts = new LinkedBlockingQueue<>();
        URI endpoint = collector(posts, 503, 200);

        HttpResponse answer = send(sender(endpoint, Duration.ofSeconds(10), QUICK_RETRIES), new byte[]{1, 2, 3});

        assertEquals(200, answer.getStatusCode());
        assertEquals(2, posts.size(), "a 503, then the same export again");
    }

    @Test
    void a_refusal_is_not_tried_again() throws Exception {
        LinkedBlockingQueue<Posted> posts = new LinkedBlockingQueue<>();
        URI endpoint = collector(posts, 400, 200);

        HttpResponse answer = send(sender(endpoint, Duration.ofSeconds(10), QUICK_RETRIES), new byte[]{1, 2, 3});

        assertEquals(400, answer.getStatusCode());
        assertEquals(1, posts.size());
    }

    @Test
    void a_collector_that_stays_busy_gets_its_attempts_and_its_last_answer_is_handed_on() throws Exception {
        LinkedBlockingQueue<Posted> posts = new LinkedBlockingQueue<>();
        URI endpoint = collector(posts, 503);

        HttpResponse answer = send(sender(endpoint, Duration.ofSeconds(10), QUICK_RETRIES), new byte[]{1});

        assertEquals(503, answer.getStatusCode());
        assertEquals(3, posts.size(), "the retry policy's three attempts");
    }

    @Test
    void a_collector_that_is_gone_is_a_failure() {
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort() + "/v1/traces");

        Exception failure = assertThrows(Exception.class, () -> send(sender(endpoint, Duration.ofSeconds(10), QUICK_RETRIES), new byte[]{1}));

        assertInstanceOf(UncheckedIOException.class, failure, failure.toString());
    }

    /**
     * A collector that takes the connection and never reads: once the socket's buffers are full
     * the write would wait for ever; the export's timeout ends it, and the caller never waits.
     */
    @Test
    void a_collector_that_stops_reading_costs_the_export_its_timeout_and_the_caller_nothing() throws Exception {
        mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LinkedBlockingQueue<Socket> held = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(mute.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        URI endpoint = URI.create("http://127.0.0.1:" + mute.getLocalPort() + "/v1/traces");
        CollectorSender sender = sender(endpoint, Duration.ofMillis(500), QUICK_RETRIES);
        CompletableFuture<HttpResponse> outcome = new CompletableFuture<>();

        sender.send(new Bytes(new byte[64 * 1024 * 1024]), outcome::complete, outcome::completeExceptionally);
        Socket connection = held.poll(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(connection, "the sender connected");

        ExecutionException failed = assertThrows(ExecutionException.class, () -> outcome.get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failed.getCause(), failed.getCause().toString());
        connection.close();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Posted(String contentType, String tenant, byte[] body) {
    }

    private record Bytes(byte[] body) implements MessageWriter {
        @Override
        public void writeMessage(OutputStream out) throws IOException {
            out.write(body);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }

    private record Config(URI endpoint, Duration timeout, RetryPolicy retries) implements HttpSenderConfig {
        @Override
        public URI getEndpoint() {
            return endpoint;
        }

        @Override
        public String getContentType() {
            return "application/x-protobuf";
        }

        @Override
        public Compressor getCompressor() {
            return null;
        }

        @Override
        public Duration getTimeout() {
            return timeout;
        }

        @Override
        public Duration getConnectTimeout() {
            return timeout;
        }

        @Override
        public Supplier<Map<String, List<String>>> getHeadersSupplier() {
            return () -> Map.of("X-Tenant", List.of("blue"));
        }

        @Override
        public ProxyOptions getProxyOptions() {
            return null;
        }

        @Override
        public RetryPolicy getRetryPolicy() {
            return retries;
        }

        @Override
        public SSLContext getSslContext() {
            return null;
        }

        @Override
        public X509TrustManager getTrustManager() {
            return null;
        }

        @Override
        public ExecutorService getExecutorService() {
            return null;
        }
    }
}
