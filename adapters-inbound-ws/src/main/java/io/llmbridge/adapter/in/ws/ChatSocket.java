package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/** One WebSocket connection: reads client messages, starts and cancels chats, answers pings. */
final class ChatSocket implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    private static final String PONG = "{\"type\":\"pong\"}";

    private final AuthenticationUseCase authentication;
    private final ChatCompletionUseCase chat;
    private final WebSocketSettings settings;
    private final ScheduledExecutorService timer;
    private final MessageAssembler assembler;
    private final ChatRegistry chats;
    private final AtomicBoolean ended = new AtomicBoolean();
    private ChatAccess access;
    private String clientIp;
    private Outbox outbox;
    private IdleWatch idle;

    ChatSocket(AuthenticationUseCase authentication, ChatCompletionUseCase chat, WebSocketSettings settings,
               ScheduledExecutorService timer) {
        this.authentication = authentication;
        this.chat = chat;
        this.settings = settings;
        this.timer = timer;
        this.assembler = new MessageAssembler(settings.maxMessageBytes());
        this.chats = new ChatRegistry(settings.maxConcurrentChats());
    }

    /** A key in the {@code Authorization} header is checked here, so a bad one never gets a socket. */
    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        access = ChatAccess.atUpgrade(authentication, headers);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        outbox = new Outbox(session);
        clientIp = session.socketContext().remotePeer().address() instanceof InetSocketAddress inet
                && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
        idle = new IdleWatch(timer, settings.idleTimeout(), chats::isBusy, outbox);
        idle.start();
        ConnectionEnd.whenEnded(Thread.currentThread(), this::end);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        idle.touch();
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
        if (last) {
            sendQuietly(ChatFrames.protocolErrorJson(new ProtocolError("Binary messages are not understood; send JSON text.")));
        }
    }

    /** Helidon leaves pings unanswered unless the listener answers them. */
    @Override
    public void onPing(WsSession session, BufferData buffer) {
        idle.touch();
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
        ChatRun run = new ChatRun(message, access, clientIp, chat, outbox, this::ended);
        if (!chats.start(run)) {
            ChatFrames frames = run.frames();
            sendQuietly(frames.error(tooManyChats()));
            sendQuietly(frames.done(false));
        }
    }

    private void ended(ChatRun run) {
        chats.ended(run);
        idle.touch();
    }

    private BridgeException tooManyChats() {
        return BridgeException.of(ErrorKind.RATE_LIMITED, "This connection already has " + settings.maxConcurrentChats()
                        + " chats running or waiting, the most it may; wait for one to end, or open another connection.")
                .code("too_many_concurrent_chats").build();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            outbox.markClosed();
            idle.stop();
            chats.cancelAll();
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
