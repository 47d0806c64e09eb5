package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.TrustedProxies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection: reads client messages, starts and cancels chats, answers pings.
 * <p>
 * Until it has shown a valid access key (at the upgrade, or with a chat message), a connection is
 * held to a small budget: a few messages of at most {@code maxUnauthenticatedBytes} together, within
 * {@code authenticationTimeout}. Past either it is closed with 1008 (policy violation), so nobody
 * without a key can make the gateway read much or keep sockets open.
 */
final class ChatSocket implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String CONNECT = "ws.connect";

    private final AuthenticationUseCase authentication;
    private final ChatCompletionUseCase chat;
    private final WebSocketSettings settings;
    private final ScheduledExecutorService timer;
    private final ConnectionSlots slots;
    private final TrustedProxies trustedProxies;
    private final MessageAssembler assembler;
    private final ChatRegistry chats;
    private final ChatAdmission admission;
    /** The endpoint's open connections, so that a shutdown can close each with 1001. */
    private final Set<ChatSocket> open;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set once the connection is being closed by the gateway: nothing it sends is acted on any more. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean authenticated;
    /** Bytes received before authentication; read and written by the connection's thread only. */
    private long unauthenticatedBytes;
    private ChatAccess access;
    private String clientIp;
    private Thread connection;
    private Outbox outbox;
    private IdleWatch idle;
    private ConnectionSlots.Slot slot;

    ChatSocket(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ChatAdmission admission, WebSocketSettings settings,
               ScheduledExecutorService timer, ConnectionSlots slots, TrustedProxies trustedProxies, Set<ChatSocket> open) {
        this.authentication = authentication;
        this.admission = admission;
        this.open = open;
        this.trustedProxies = trustedProxies;
        this.chat = chat;
        this.settings = settings;
        this.timer = timer;
        this.slots = slots;
        this.assembler = new MessageAssembler(settings.maxMessageBytes());
        this.chats = new ChatRegistry(settings.maxConcurrentChats());
    }

    /** A key in the {@code Authorization} header is checked here, so a bad one never gets a socket. */
    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        clientIp = trustedProxies.clientIp(UpgradePeers.current(), headers.all(HeaderNames.X_FORWARDED_FOR, List::of));
        if (slots.isFull()) {
            throw refusedUpgrade(Status.SERVICE_UNAVAILABLE_503, null, BridgeException.of(ErrorKind.UNAVAILABLE,
                    "The gateway has as many WebSocket connections open as it may; retry later.").code("too_many_connections").build());
        }
        access = ChatAccess.atUpgrade(authentication, headers, clientIp);
        if (access.atUpgrade() != null && slots.isFull(access.atUpgrade().name())) {
            throw refusedUpgrade(Status.TOO_MANY_REQUESTS_429, access.atUpgrade(), BridgeException.of(ErrorKind.RATE_LIMITED,
                    tooManyForKey()).code("too_many_connections").build());
        }
        return Optional.empty();
    }

    /** An upgrade refused for want of room is audited like any refused request. */
    private RuntimeException refusedUpgrade(Status status, Caller caller, BridgeException error) {
        chat.refused(caller, RequestContext.received(Transport.WS, CONNECT, clientIp), error);
        return UpgradeRefusal.of(status, error.getMessage());
    }

    @Override
    public void onOpen(WsSession session) {
        connection = Thread.currentThread();
        outbox = new Outbox(session, timer, settings.writeTimeout(), this::stalled);
        if (clientIp == null) { // the upgrade did not see the connection
            clientIp = trustedProxies.clientIp(session.socketContext().remotePeer().address() instanceof InetSocketAddress inet
                    ? inet.getAddress() : null, List.of());
        }
        idle = new IdleWatch(timer, settings.idleTimeout(), chats::isBusy, outbox);
        slot = slots.take();
        open.add(this);
        ConnectionEnd.whenEnded(connection, this::end);
        if (slot == null) {
            closeAndDrop(WsCloseCodes.TRY_AGAIN_LATER, "too many connections");
            return;
        }
        Caller atUpgrade = access.atUpgrade();
        if (atUpgrade != null) {
            authenticated(atUpgrade, null);
        } else {
            schedule(this::authenticationTimedOut, settings.authenticationTimeout().toNanos());
        }
        idle.start();
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        idle.touch();
        if (!withinUnauthenticatedBudget(MessageAssembler.utf8Length(text))) {
            return;
        }
        try {
            String message = assembler.append(text, last);
            if (message != null) {
                handle(ClientMessage.parse(message));
            }
        } catch (ProtocolError e) {
            sendQuietly(ChatFrames.protocolErrorJson(e));
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        idle.touch();
        if (withinUnauthenticatedBudget(buffer.available()) && last) {
            sendQuietly(ChatFrames.protocolErrorJson(new ProtocolError("Binary messages are not understood; send JSON text.")));
        }
    }

    /** Helidon leaves pings unanswered unless the listener answers them. */
    @Override
    public void onPing(WsSession session, BufferData buffer) {
        idle.touch();
        if (!withinUnauthenticatedBudget(buffer.available())) {
            return;
        }
        try {
            outbox.pong(buffer);
        } catch (Outbox.ClientGone e) {
            // closing anyway
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        idle.touch();
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        end();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.debug("WebSocket connection failed: {}", t.toString());
        end();
    }

    private void handle(ClientMessage message) {
        switch (message) {
            case ClientMessage.Chat chatMessage -> start(chatMessage);
            case ClientMessage.Cancel cancel -> chats.cancel(cancel.id());
            case ClientMessage.Ping ping -> sendQuietly(PONG);
        }
    }

    private void start(ClientMessage.Chat message) {
        if (message.id() != null && chats.isRunning(message.id())) {
            throw new ProtocolError("A chat with id " + PlainJson.write(message.id())
                    + " is still running on this connection; give each running chat its own id.");
        }
        RequestContext context = RequestContext.received(Transport.WS, RequestContext.CHAT_COMPLETION, clientIp);
        ChatFrames frames = ChatFrames.of(message.id());
        Caller caller = null;
        if (!authenticated) {
            // Authenticated here, on the reading thread, so that nothing more is read before the key is known.
            caller = firstCaller(message, context, frames);
            if (caller == null || !authenticated(caller, frames)) {
                return;
            }
        }
        ChatRun run = new ChatRun(message, context, caller, access, chat, admission, outbox, this::ended);
        if (!chats.start(run)) {
            refuseChat(frames, tooManyChats());
        }
    }

    /** @return the caller of a chat on a connection not yet authenticated; null when refused (and answered) */
    private Caller firstCaller(ClientMessage.Chat message, RequestContext context, ChatFrames frames) {
        try {
            return access.caller(message.apiKey(), context);
        } catch (BridgeException e) {
            if (message.apiKey() == null) {
                chat.refused(null, context, e); // a refused key is recorded by the authentication itself
            }
            refuseChat(frames, e);
            return null;
        }
    }

    /**
     * The connection has shown a valid key: it now counts as that key's, and its budget ends.
     *
     * @param frames where to answer a refusal; null at the upgrade
     * @return false when that key already has its most connections (this one is then closed)
     */
    private boolean authenticated(Caller caller, ChatFrames frames) {
        if (!slot.claimFor(caller.name())) {
            if (frames != null) {
                refuseChat(frames, BridgeException.of(ErrorKind.RATE_LIMITED, tooManyForKey())
                        .code("too_many_connections").build());
            }
            closeAndDrop(WsCloseCodes.TRY_AGAIN_LATER, "too many connections for this key");
            return false;
        }
        authenticated = true;
        return true;
    }

    private boolean withinUnauthenticatedBudget(long bytes) {
        if (closing.get()) {
            return false;
        }
        if (authenticated) {
            return true;
        }
        unauthenticatedBytes += bytes;
        if (unauthenticatedBytes > settings.maxUnauthenticatedBytes()) {
            refuseUnauthenticated("sent " + settings.maxUnauthenticatedBytes() + " bytes without a valid access key");
            return false;
        }
        return true;
    }

    private void authenticationTimedOut() {
        if (!authenticated && !ended.get()) {
            refuseUnauthenticated("no valid access key within " + settings.authenticationTimeout().toMillis() + " ms");
        }
    }

    /** Closes a connection that did not authenticate in time or within its budget, with an audit event. */
    private void refuseUnauthenticated(String why) {
        if (closing.get()) {
            return;
        }
        BridgeException error = BridgeException.of(ErrorKind.UNAUTHENTICATED, "The WebSocket connection " + why
                + "; send the key with the first chat message, or as 'Authorization: Bearer <key>' when opening it.")
                .code("websocket_not_authenticated").build();
        chat.refused(null, RequestContext.received(Transport.WS, CONNECT, clientIp), error);
        closeAndDrop(WsCloseCodes.VIOLATED_POLICY, "authentication required");
    }

    /**
     * Sends a close frame, then, if the client has not closed its side within the write timeout,
     * drops the connection: a client that ignores the close must not keep its socket.
     */
    private void closeAndDrop(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            outbox.close(code, reason);
        } catch (Outbox.ClientGone e) {
            // already closing
        }
        schedule(this::drop, settings.writeTimeout().toNanos());
    }

    /** The gateway shuts down, and this connection's chats have ended: close 1001 (going away). */
    void goingAway() {
        closeAndDrop(WsCloseCodes.GOING_AWAY, "the gateway is shutting down");
    }

    /** The client stopped reading: its chats are cancelled (their upstreams released) and the socket dropped. */
    private void stalled() {
        LOG.debug("A WebSocket client stopped reading for {} ms; closing its connection", settings.writeTimeout().toMillis());
        drop();
    }

    private void drop() {
        end();
        // The connection's thread is a virtual thread blocked reading the socket: interrupting it closes the socket.
        connection.interrupt();
    }

    private void schedule(Runnable action, long delayNanos) {
        try {
            // Off the timer thread, which every connection shares: the action may wait on the socket.
            timer.schedule(() -> Thread.ofVirtual().name("ws-connection-timer").start(action), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the endpoint is shutting down, and the server with it
        }
    }

    private void ended(ChatRun run) {
        chats.ended(run);
        idle.touch();
    }

    private void refuseChat(ChatFrames frames, BridgeException error) {
        sendQuietly(frames.error(error));
        sendQuietly(frames.done(false));
    }

    private BridgeException tooManyChats() {
        return BridgeException.of(ErrorKind.RATE_LIMITED, "This connection already has " + settings.maxConcurrentChats()
                        + " chats running or waiting, the most it may; wait for one to end, or open another connection.")
                .code("too_many_concurrent_chats").build();
    }

    private String tooManyForKey() {
        return "This access key already has " + settings.maxConnectionsPerKey()
                + " WebSocket connections open, the most it may; close one, or run more chats on each.";
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            open.remove(this);
            outbox.markClosed();
            idle.stop();
            chats.cancelAll();
            if (slot != null) {
                slot.release();
            }
        }
    }

    private void sendQuietly(String frame) {
        try {
            outbox.send(frame);
        } catch (Outbox.ClientGone e) {
            // the connection is closing; its end cancels what runs
        }
    }
}
