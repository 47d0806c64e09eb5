package io.llmbridge.adapter.support.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A provider's event stream in another wire format, pulled off the open connection one event at
 * a time and handed out as OpenAI chunks by the adapter's {@link Translator}.
 */
public final class TranslatedStream implements ChatStream {
    /** One stream's translation: it may keep what earlier events said. */
    public interface Translator {
        /** The chunks one event's data makes, maybe none; a failure the event reports is thrown. */
        List<ChatChunk> onData(String data);

        /** The chunks still owed once the upstream's stream has ended. */
        List<ChatChunk> onEnd();

        /** The provider's id for this call (what the adapter has where its headers give none), once known; may be null. */
        String upstreamRequestId();

        /** The id of the answer, once the stream has said it; may be null. */
        String responseId();
    }

    private final UpstreamEvents events;
    private final Translator translator;
    private final Deque<ChatChunk> pending = new ArrayDeque<>();
    private boolean ended;

    public TranslatedStream(UpstreamEvents events, Translator translator) {
        this.events = events;
        this.translator = translator;
    }

    @Override
    public Optional<ChatChunk> next() {
        while (pending.isEmpty() && !ended) {
            try {
                String data = events.next();
                if (data == null) {
                    ended = true;
                    pending.addAll(translator.onEnd());
                } else {
                    pending.addAll(translator.onData(data));
                }
            } catch (BridgeException e) {
                throw fail(e);
            } catch (RuntimeException e) {
                throw fail(events.failed(e));
            }
        }
        return Optional.ofNullable(pending.poll());
    }

    @Override
    public String upstreamRequestId() {
        return translator.upstreamRequestId();
    }

    @Override
    public String responseId() {
        return translator.responseId();
    }

    /** After a failure the stream is over: what was pending is not handed out. */
    private RuntimeException fail(RuntimeException failure) {
        ended = true;
        pending.clear();
        return failure;
    }

    @Override
    public void close() {
        ended = true;
        pending.clear();
        events.close(false);
    }
}
