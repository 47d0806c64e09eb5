package io.llmbridge.adapter.in.ws;

import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
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

    /** Adds the listener to the listener's HTTP/1 settings, keeping every other one of them but receive listeners. */
    static void addTo(ListenerConfig.BuilderBase<?, ?> listener) {
        List<ProtocolConfig> protocols = new ArrayList<>();
        Http1Config.Builder http1 = Http1Config.builder();
        for (ProtocolConfig protocol : listener.protocols()) {
            if (protocol instanceof Http1Config configured) {
                http1.from(configured);
            } else {
                protocols.add(protocol);
            }
        }
        // The only one: Helidon 4.5's composite of several listeners forwards neither prologues nor
        // headers, so next to its receive-logging listener (there by default) this one would never
        // be called. That logging is Helidon's wire trace of received bytes, which the gateway does
        // not use.
        http1.clearReceiveListeners().addReceiveListener(new UpgradePeers());
        protocols.add(http1.build());
        listener.protocols(protocols);
    }
}
