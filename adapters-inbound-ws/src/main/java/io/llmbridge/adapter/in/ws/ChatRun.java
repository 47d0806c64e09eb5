package io.llmbridge.adapter.in.ws;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One chat, on its own thread: authenticate, open the stream, send each chunk as a frame, end
 * with exactly one done frame (after one error frame if it failed). {@link #cancel()} may come from
 * any thread: it closes the upstream stream, which makes a blocked {@code next()} fail at once;
 * the chat then ends as cancelled instead of reporting that failure.
 */
final class ChatRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatRun.class);

    private final ClientMessage.Chat message;
    private final ChatFrames frames;
    private final ChatAccess access;
    private final ChatCompletionUseCase chat;
    private final Outbox outbox;
    private final Consumer<ChatRun> onEnd;
    private final AtomicBoolean streamClosed = new AtomicBoolean();
    // Both volatile: cancel() writes cancelled then reads stream, run() the other way round, so one of them closes it.
    private volatile boolean cancelled;
    private volatile ChatStream stream;

    ChatRun(ClientMessage.Chat message, ChatAccess access, ChatCompletionUseCase chat, Outbox outbox,
            Consumer<ChatRun> onEnd) {
        this.message = message;
        this.frames = ChatFrames.of(message.id());
        this.access = access;
        this.chat = chat;
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
        try {
            if (!cancelled) {
                stream();
            }
            finish(null);
        } catch (Outbox.ClientGone e) {
            // Nobody to tell; the finally releases the upstream.
        } catch (BridgeException e) {
            finish(e);
        } catch (RuntimeException e) {
            LOG.error("A WebSocket chat failed unexpectedly", e);
            finish(BridgeException.of(ErrorKind.INTERNAL,
                    "The gateway failed unexpectedly; the operator can find this in its log.").code("internal_error").build());
        } finally {
            closeStream();
            onEnd.accept(this);
        }
    }

    /** Stops the chat and releases its upstream connection; safe from any thread, any number of times. */
    void cancel() {
        cancelled = true;
        closeStream();
    }

    private void stream() {
        var caller = access.caller(message.apiKey());
        ChatRequest request = ChatRequest.from(message.payload());
        stream = chat.stream(new ChatCommand(caller, request));
        // A cancel that came while the upstream was being called found no stream to close.
        if (cancelled) {
            closeStream();
            return;
        }
        LOG.debug("WebSocket chat for {} streams {}", caller.name(), request.model());
        Optional<ChatChunk> chunk;
        while (!cancelled && (chunk = stream.next()).isPresent()) {
            outbox.send(frames.chunk(chunk.get()));
        }
    }

    /** Sends the end of the chat: its error unless it was cancelled (the failure is then the cancel's doing), then done. */
    private void finish(BridgeException failure) {
        try {
            if (failure != null && !cancelled) {
                outbox.send(frames.error(failure));
            }
            outbox.send(frames.done(cancelled));
        } catch (Outbox.ClientGone e) {
            // The socket closed meanwhile: nobody left to tell.
        }
    }

    private void closeStream() {
        ChatStream open = stream;
        if (open != null && streamClosed.compareAndSet(false, true)) {
            try {
                open.close();
            } catch (RuntimeException e) {
                // Closing is releasing: a failure to do it cleanly leaves nothing more to do.
                LOG.debug("Closing an upstream stream failed: {}", e.toString());
            }
        }
    }
}
