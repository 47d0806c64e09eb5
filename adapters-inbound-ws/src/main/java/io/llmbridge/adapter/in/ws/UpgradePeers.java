package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1LoggingConnectionListener;
import io.helidon.webserver.spi.ProtocolConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The address that connected, for a WebSocket upgrade being decided. Helidon hands
 * {@code onHttpUpgrade} the request's prologue and headers but not the connection, so a refused
 * upgrade would be audited without a client address. HTTP/1 tells its listeners of each
 * request's prologue on the connection's own thread, the one that then runs the upgrade; the
 * address is kept there for it.
 */
final class UpgradePeers implements Http1ConnectionListener {
    private static final ThreadLocal<InetAddress> PEER = new ThreadLocal<>();

    private UpgradePeers() {
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        PEER.set(context.remotePeer().address() instanceof InetSocketAddress inet ? inet.getAddress() : null);
    }

    /** The peer of the request this thread is reading; null when unknown. */
    static InetAddress current() {
        return PEER.get();
    }

    /**
     * Adds the listener to the listener's HTTP/1 settings, next to the receive listeners already
     * there (the server's header deadline) but for Helidon's wire-logging one, which the gateway
     * does not use.
     */
    static void addTo(ListenerConfig.BuilderBase<?, ?> listener) {
        List<ProtocolConfig> protocols = new ArrayList<>();
        Http1Config.Builder http1 = Http1Config.builder();
        List<Http1ConnectionListener> receivers = new ArrayList<>();
        for (ProtocolConfig protocol : listener.protocols()) {
            if (protocol instanceof Http1Config configured) {
                http1.from(configured);
                configured.receiveListeners().stream()
                        .filter(existing -> !(existing instanceof Http1LoggingConnectionListener)).forEach(receivers::add);
            } else {
                protocols.add(protocol);
            }
        }
        receivers.add(new UpgradePeers());
        // One listener: Helidon 4.5's own composite of several forwards neither prologues nor
        // headers, so each would never be called.
        http1.clearReceiveListeners().addReceiveListener(new Forwarding(List.copyOf(receivers)));
        protocols.add(http1.build());
        listener.protocols(protocols);
    }

    /** Tells every listener of every event, in order. */
    private record Forwarding(List<Http1ConnectionListener> listeners) implements Http1ConnectionListener {
        @Override
        public void prologue(ConnectionContext context, HttpPrologue prologue) {
            listeners.forEach(each -> each.prologue(context, prologue));
        }

        @Override
        public void headers(ConnectionContext context, Headers headers) {
            listeners.forEach(each -> each.headers(context, headers));
        }

        @Override
        public void status(ConnectionContext context, Status status) {
            listeners.forEach(each -> each.status(context, status));
        }

        @Override
        public void data(ConnectionContext context, BufferData data) {
            listeners.forEach(each -> each.data(context, data));
        }

        @Override
        public void data(ConnectionContext context, byte[] bytes, int offset, int length) {
            listeners.forEach(each -> each.data(context, bytes, offset, length));
        }
    }
}
