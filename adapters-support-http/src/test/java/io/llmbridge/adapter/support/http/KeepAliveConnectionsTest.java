package io.llmbridge.adapter.support.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The pool's own behaviour; that calls share a kept-alive connection is tested by the adapters. */
class KeepAliveConnectionsTest {
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);

    private static String ping(UpstreamClient client, PlainHttpUpstream upstream) {
        try (HttpClientResponse response = client.post(upstream.uri(), "{}".getBytes(), TIMEOUT, request -> { })) {
            assertEquals(200, response.status().code());
            return response.as(String.class);
        }
    }

    @Test
    void a_connection_the_upstream_closed_while_idle_is_not_used_again() throws IOException {
        try (PlainHttpUpstream upstream = new PlainHttpUpstream(true)) {
            UpstreamClient client = UpstreamClients.create(OutboundNetwork.DIRECT, upstream.uri());
            assertEquals("pong", ping(client, upstream));
            // Idle for longer than WATCH_AFTER, the connection is watched, and its end is seen.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (client.idleConnections() > 0) {
                if (System.nanoTime() > deadline) {
                    fail("the closed idle connection was still kept after 30 s");
                }
                LockSupport.parkNanos(20_000_000L); // polls a condition, bounded by the deadline
            }
            assertEquals("pong", ping(client, upstream));
            assertEquals(2, upstream.connections());
        }
    }

    @Test
    void a_call_to_another_host_than_the_clients_is_refused() throws IOException {
        try (PlainHttpUpstream upstream = new PlainHttpUpstream(false)) {
            UpstreamClient client = UpstreamClients.create(OutboundNetwork.DIRECT, upstream.uri());
            assertThrows(IllegalArgumentException.class,
                    () -> client.post(java.net.URI.create("http://127.0.0.2:1/v1/ping"), new byte[0], TIMEOUT, request -> { }));
            assertEquals(0, upstream.connections());
        }
    }
}
