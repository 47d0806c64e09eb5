package io.llmbridge.adapter.in.ws;

import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One chat, on its own thread: authenticate, open the stream, send each chunk as a frame, end
 * with exactly one done frame (after one error frame if it failed). {@link #cancel()} may come from
 * any thread and stops the upstream call (see {@link CancellableStream}); a failure the chat's
 * thread then sees is the cancel's doing, so the chat ends as cancelled rather than reporting it.
 * Every chat is recorded once: by the use cases where they saw it, here where they did not.
 */
final class ChatRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatRun.class);

    private final ClientMessage.Chat message;
    private final ChatFrames frames;
    private final RequestContext context;
    private final ChatAccess access;
    private final ChatCompletionUseCase chat;
    private final Outbox outbox;
    private final Consumer<ChatRun> onEnd;
    private final ChatAdmission admission;
    private final CancellableStream upstream = new CancellableStream();
    private Caller caller;
    private ChatAdmission.Pass pass;
    /** Set when the gateway ended the chat because it shuts down: the client is told so, not that it cancelled. */
    private volatile boolean shutDown;

    /** @param caller who the chat runs for when the socket already knows it; null to authenticate the message */
    ChatRun(ClientMessage.Chat message, RequestContext context, Caller caller, ChatAccess access,
            ChatCompletionUseCase chat, ChatAdmission admission, Outbox outbox, Consumer<ChatRun> onEnd) {
        this.message = message;
        this.frames = ChatFrames.of(message.id());
        this.context = context;
        this.caller = caller;
        this.access = access;
        this.chat = chat;
        this.admission = admission;
        this.outbox = outbox;
        this.onEnd = onEnd;
    }

    /** The client's id for this chat; null for an original-protocol chat. */
    Object id() {
        return message.id();
    }

    ChatFrames frames() {
        return frames;
    }

    @Override
    public void run() {
        BridgeException failure = null;
        boolean clientGone = false;
        try {
            stream();
        } catch (Outbox.ClientGone e) {
            clientGone = true;
        } catch (BridgeException e) {
            failure = e;
        } catch (RuntimeException e) {
            if (!upstream.isCancelled()) {
                LOG.error("A WebSocket chat failed unexpectedly", e);
            }
            failure = BridgeException.unexpected();
        } catch (OutOfMemoryError e) {
            // Caught like any failure: the chat still ends with its frames, and its place is freed.
            LOG.warn("Out of heap memory in a WebSocket chat (many large chats at once? raise -Xmx in configs/jvm.options or JAVA_OPTS)");
            failure = BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is short of memory for this request right now; retry shortly.")
                    .code("gateway_out_of_memory").retryAfter("1").build();
            recordUnseen(failure);
        } catch (Error e) {
            LOG.error("A WebSocket chat failed unexpectedly", e);
            failure = BridgeException.unexpected();
            recordUnseen(failure);
        } finally {
            // The upstream and this chat's place are released before the done frame: a client that
            // starts its next chat on seeing done must find room for it. Chats without an id still
            // wait for this run to return, so their frames stay in order.
            upstream.close();
            onEnd.accept(this);
        }
        try {
            if (!clientGone) {
                finish(failure);
            }
        } finally {
            if (pass != null) {
                pass.close(); // after the done frame: a drain closes the socket only once it is out
            }
        }
    }

    /** Stops the chat and releases its upstream connection; safe from any thread, any number of times. */
    void cancel() {
        upstream.cancel();
    }

    private void stream() {
        if (caller == null) {
            caller = authenticate();
        }
        ChatRequest request;
        try {
            pass = admission.admit();
            request = ChatRequest.from(message.payload());
        } catch (BridgeException e) {
            chat.refused(caller, context, e);
            throw e;
        }
        pass.onShutdown(this::shutDown);
        ChatStream stream = upstream.open(() -> chat.stream(new ChatCommand(caller, request, context)));
        if (stream == null) {
            return;
        }
        LOG.debug("WebSocket chat for {} streams {}", caller.name(), request.model());
        Optional<ChatChunk> chunk;
        while (!upstream.isCancelled() && (chunk = stream.next()).isPresent()) {
            outbox.send(frames.chunk(chunk.get()));
        }
    }

    /** Ends the chat because the gateway shuts down: its stream fails with that reason, which the client is sent. */
    private void shutDown() {
        shutDown = true;
        upstream.stop(BridgeException.gatewayShutdown());
    }

    /** A refused key is recorded by the authentication; a missing one, which it never saw, here. */
    private Caller authenticate() {
        try {
            return access.caller(message.apiKey(), context);
        } catch (BridgeException e) {
            if (message.apiKey() == null) {
                chat.refused(null, context, e);
            }
            throw e;
        }
    }

    /**
     * An {@code Error} may have escaped before the use case recorded anything: an open stream is
     * recorded when it is closed, but an opening that died of one is not.
     */
    private void recordUnseen(BridgeException failure) {
        if (upstream.wasOpened()) {
            return;
        }
        try {
            chat.refused(caller, context, failure);
        } catch (RuntimeException | Error e) {
            LOG.warn("Recording a failed WebSocket chat failed: {}", e.toString());
        }
    }

    /** Sends the end of the chat: its error unless it was cancelled (the failure is then the cancel's doing), then done. */
    private void finish(BridgeException failure) {
        boolean cancelled = upstream.isCancelled() && !shutDown;
        if (shutDown) {
            failure = BridgeException.gatewayShutdown();
        }
        try {
            if (failure != null && !cancelled) {
                outbox.send(frames.error(failure));
            }
            outbox.send(frames.done(cancelled));
        } catch (Outbox.ClientGone e) {
            // The socket closed meanwhile: nobody left to tell.
        }
    }
}
