package io.llmbridge.adapter.support.http;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Keep-alive connections to one upstream, the most recently used first.
 *
 * <p>Helidon's own pool starts, for every connection it takes back, a virtual thread that reads
 * the idle socket with a 101 ms timeout, so that it notices the upstream closing it; the next
 * call then takes the response's first byte over from that thread. Under load that is, for every
 * call, a thread started, a timed wait (each wakes the JDK's timer thread) and a hand-over.
 * Here a connection used again within {@link #WATCH_AFTER} is not watched at all, and one that
 * stays idle longer is handed to that same Helidon watch ({@code HelidonSocket.idle()}) by a
 * sweeper thread, so an upstream that closes idle connections is still noticed before one is used.
 * An upstream that closes a connection within about a second of answering on it, without saying
 * {@code Connection: close}, fails the next call on it; that call is retried like any broken
 * connection.
 */
final class KeepAliveConnections {
    /** How long a connection may be idle before it is watched. */
    private static final Duration WATCH_AFTER = Duration.ofSeconds(1);
    /** The most idle connections kept per upstream, as Helidon's pool keeps. */
    private static final int MAX_IDLE = 256;
    private static final List<String> HTTP1 = List.of(Http1Client.PROTOCOL_ID);
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();

    private final WebClient webClient;
    private final ConnectionKey key;
    private final BlockingDeque<Idle> idle = new LinkedBlockingDeque<>(MAX_IDLE);

    /** @param origin the upstream's scheme, host and port; every call must go there */
    KeepAliveConnections(WebClient webClient, URI origin) {
        this.webClient = webClient;
        var config = webClient.prototype();
        boolean https = "https".equalsIgnoreCase(origin.getScheme());
        this.key = ConnectionKey.create(origin.getScheme(), origin.getHost(), port(origin), https ? config.tls() : NO_TLS,
                config.dnsResolver(), config.dnsAddressLookup(), config.proxy());
        Sweeper.POOLS.add(this);
    }

    /** An idle connection that is still open, or a new one. */
    ClientConnection take() {
        Idle entry;
        while ((entry = idle.pollFirst()) != null) {
            if (entry.connection().isConnected()) {
                return entry.connection();
            }
            entry.connection().closeResource();
        }
        return TcpClientConnection.create(webClient, key, HTTP1, this::giveBack, closed -> { }).connect();
    }

    /** Helidon calls this when a response was read to its end; false has it close the connection. */
    private boolean giveBack(TcpClientConnection connection) {
        if (!connection.isConnected() || !idle.offerFirst(new Idle(connection, System.nanoTime(), false))) {
            return false;
        }
        Sweeper.wake();
        return true;
    }

    /** Hands the connections idle since before {@code idleSince} to Helidon's watch; true if any is left unwatched. */
    boolean watchIdle(long idleSince) {
        boolean unwatchedLeft = false;
        for (Idle entry : idle) {
            if (entry.watched()) {
                continue;
            }
            if (entry.since() - idleSince > 0) {
                unwatchedLeft = true;
            } else if (idle.removeFirstOccurrence(entry)) { // else a call took it meanwhile
                entry.connection().helidonSocket().idle();
                if (!idle.offerLast(new Idle(entry.connection(), entry.since(), true))) {
                    entry.connection().closeResource();
                }
            }
        }
        return unwatchedLeft;
    }

    /** Idle connections not known to be closed. */
    int idleOpen() {
        return (int) idle.stream().filter(entry -> entry.connection().isConnected()).count();
    }

    private static int port(URI origin) {
        if (origin.getPort() >= 0) {
            return origin.getPort();
        }
        return "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
    }

    private record Idle(TcpClientConnection connection, long since, boolean watched) {
    }

    /**
     * One thread for every pool: looks four times a second while some connection is idle and not
     * yet watched, and otherwise sleeps until a connection is given back.
     */
    private static final class Sweeper {
        private static final Set<KeepAliveConnections> POOLS = Collections.synchronizedSet(
                Collections.newSetFromMap(new WeakHashMap<>()));
        private static final long INTERVAL_NANOS = Duration.ofMillis(250).toNanos();
        private static volatile boolean parked;
        private static final Thread THREAD = Thread.ofPlatform().daemon().name("llm-bridge-idle-connections")
                .start(Sweeper::run);

        static void wake() {
            if (parked) {
                parked = false;
                LockSupport.unpark(THREAD);
            }
        }

        private static void run() {
            while (true) {
                if (sweep()) {
                    LockSupport.parkNanos(INTERVAL_NANOS);
                } else {
                    parked = true;
                    // A connection given back before the flag was set would be missed: look again.
                    if (sweep()) {
                        parked = false;
                    } else {
                        LockSupport.park();
                    }
                }
            }
        }

        private static boolean sweep() {
            long idleSince = System.nanoTime() - WATCH_AFTER.toNanos();
            List<KeepAliveConnections> pools;
            synchronized (POOLS) {
                pools = List.copyOf(POOLS);
            }
            boolean unwatchedLeft = false;
            for (KeepAliveConnections pool : pools) {
                unwatchedLeft |= pool.watchIdle(idleSince);
            }
            return unwatchedLeft;
        }
    }
}
