package io.llmbridge.bootstrap;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;

/** The web server's socket and protocol settings, apart from what it serves. */
final class ServerTuning {
    /**
     * Socket writes a connection may have waiting while its writer thread is busy. With a queue,
     * what a response writes in quick succession (its headers and first chunk, its last chunk and
     * the chunked body's end) goes out in one socket write whenever the writer is not already
     * free: a benchmark stream took three socket writes instead of five, about 10% of its CPU
     * (docs/performance.md). A response that fills the queue waits for room (Helidon gives up
     * after 10 s), so a client that stops reading holds at most this many buffers.
     */
    private static final int WRITE_QUEUE_LENGTH = 8;

    private ServerTuning() {
    }

    /** The idle sweep's period as a part of the idle timeout: a connection lives at most this much longer. */
    private static final int SWEEPS_PER_IDLE_TIMEOUT = 4;

    /** A server builder listening where {@code server} says, tuned for streaming, within its bounds. */
    static WebServerConfig.Builder builder(GatewayConfig.Server server) {
        GatewayConfig.Bounds bounds = server.bounds();
        WebServerConfig.Builder builder = WebServer.builder();
        if (server.managementPort() != null) {
            // Only /observe is routed there (ObserveEndpoints); the API's bounds are for clients, not probes.
            builder.putSocket(ObserveEndpoints.MANAGEMENT_SOCKET, socket -> socket.host(server.host()).port(server.managementPort()));
        }
        return builder
                .host(server.host())
                .port(server.port())
                // Past it Helidon accepts no more until one closes: new ones wait in the backlog.
                .maxTcpConnections(bounds.maxConnections())
                // Past it Helidon answers 503 at once and closes the connection (BusyAnswer writes the body).
                .maxConcurrentRequests(bounds.maxConcurrentRequests())
                .directHandlers(DirectHandlers.builder()
                        .addHandler(DirectHandler.EventType.OTHER, new BusyAnswer(bounds.maxConcurrentRequests())).build())
                // The sweep closes a connection waiting for its next request (or a WebSocket that
                // received nothing) this long; it does not cut a request being served.
                .idleConnectionTimeout(bounds.idleTimeout())
                .idleConnectionPeriod(bounds.idleTimeout().dividedBy(SWEEPS_PER_IDLE_TIMEOUT))
                // Streams are flushed chunk by chunk: with Nagle on, each small write after the
                // first waits for the client's delayed ACK (~40 ms on Linux) before it leaves.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .writeQueueLength(WRITE_QUEUE_LENGTH)
                // Response headers are the gateway's own (content type, request id, configured
                // model names); checking each one's format again on every response cost 2% of a
                // request. Request headers, which clients send, are still validated.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false)
                        .addReceiveListener(new HeaderDeadline(bounds.headerTimeout())).build())
                // Main stops the server itself, after the drain (Drain), then the audit and the log, in
                // that order. Helidon's own hook would stop it at the signal and cut streams after its
                // grace period (half a second by default).
                .shutdownHook(false);
    }
}
