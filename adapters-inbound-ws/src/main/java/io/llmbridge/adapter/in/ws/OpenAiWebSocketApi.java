package io.llmbridge.adapter.in.ws;

import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.TrustedProxies;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The chat WebSocket: the original LLM Bridge frame protocol, and multiplexed chats for clients
 * that name them. Chats go through the same use cases as the HTTP API. Close it after the server
 * has stopped.
 */
public final class OpenAiWebSocketApi implements AutoCloseable {
    private final AuthenticationUseCase authentication;
    private final ChatCompletionUseCase chat;
    private final WebSocketSettings settings;
    private final TrustedProxies trustedProxies;
    private final ConnectionSlots slots;
    private final ChatAdmission admission;
    private final Set<ChatSocket> open = ConcurrentHashMap.newKeySet();
    /** Every connection's deadlines (idle, authentication, writes); its tasks never block, they hand work to virtual threads. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ws-timer").daemon().factory());

    /** An endpoint that believes no {@code X-Forwarded-For}. */
    public OpenAiWebSocketApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat,
                              WebSocketSettings settings) {
        this(authentication, chat, settings, TrustedProxies.NONE);
    }

    /** @param trustedProxies the peers whose {@code X-Forwarded-For} names the client, as on the HTTP API */
    public OpenAiWebSocketApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat,
                              WebSocketSettings settings, TrustedProxies trustedProxies) {
        this(authentication, chat, settings, trustedProxies, ChatAdmission.ALWAYS);
    }

    /** @param admission asked before each chat starts, told when it has ended: the gateway's drain */
    public OpenAiWebSocketApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat,
                              WebSocketSettings settings, TrustedProxies trustedProxies, ChatAdmission admission) {
        this.authentication = authentication;
        this.admission = admission;
        this.chat = chat;
        this.settings = settings;
        this.trustedProxies = trustedProxies;
        this.slots = new ConnectionSlots(settings.maxConnections(), settings.maxConnectionsPerKey());
    }

    /** Serves the socket at {@code path} of the listener being built, with the protocol settings it needs. */
    public void addTo(ListenerConfig.BuilderBase<?, ?> listener, String path) {
        listener.addRouting(WsRouting.builder()
                .endpoint(path, () -> new ChatSocket(authentication, chat, admission, settings, timer, slots, trustedProxies, open)));
        UpgradePeers.addTo(listener);
        listener.addProtocol(WsConfig.builder()
                .name("websocket")
                // Small: reading one frame costs Helidon time that grows faster than its size, and it is
                // read before anyone is authenticated. Larger messages come as fragments; a single
                // frame larger than this makes Helidon close with 1009.
                .maxFrameLength(settings.transportFrameLimit())
                .origins(new java.util.LinkedHashSet<>(settings.allowedOrigins()))
                .build());
        // The server's idle sweep closes connections that received nothing for this long, whatever
        // they are doing: it must wait longer than the socket's own idle timeout and its pings.
        Duration atLeast = settings.idleTimeout().plus(settings.idleTimeout());
        if (listener.idleConnectionTimeout().compareTo(atLeast) < 0) {
            listener.idleConnectionTimeout(atLeast);
        }
    }

    /** The gateway is shutting down: every open connection is closed with 1001 (going away). Call it once chats have ended. */
    public void goingAway() {
        List.copyOf(open).forEach(ChatSocket::goingAway);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
