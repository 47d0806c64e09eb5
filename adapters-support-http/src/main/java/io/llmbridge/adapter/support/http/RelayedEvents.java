package io.llmbridge.adapter.support.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.Usage;

import java.util.Optional;

/**
 * An upstream's event stream relayed byte for byte: each piece is exactly the bytes read, in
 * order, while each event's data is shown to the provider's {@link Tap} to read usage, the
 * finish reason and the answer's id. Nothing is added, dropped or re-encoded.
 */
public final class RelayedEvents implements RelayedAnswer {
    /** What a provider reads from the events as they pass. */
    public interface Tap {
        /** One event's data, in order; must not throw for data it does not understand. */
        void event(String data);

        /** The usage seen so far; null when none was. */
        Usage usage();

        /** The finish reason seen, in chat completion terms; null until seen. */
        String finishReason();

        /** The id the provider gave its answer; null until seen. */
        String responseId();

        /** A failure the provider reported in an event; null when none was. */
        default BridgeException failure() {
            return null;
        }
    }

    private final UpstreamEvents events;
    private final Tap tap;
    private final String upstreamRequestId;
    private boolean ended;

    public RelayedEvents(UpstreamEvents events, Tap tap, String upstreamRequestId) {
        this.events = events;
        this.tap = tap;
        this.upstreamRequestId = upstreamRequestId;
    }

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public Optional<byte[]> next() {
        while (!ended) {
            String data = events.next();
            if (data == null) {
                ended = true;
            } else {
                tap.event(data);
            }
            byte[] read = events.takeRead();
            if (read.length > 0) {
                return Optional.of(read);
            }
        }
        return Optional.empty();
    }

    @Override
    public Usage usage() {
        return tap.usage();
    }

    @Override
    public String finishReason() {
        return tap.finishReason();
    }

    @Override
    public BridgeException failure() {
        return tap.failure();
    }

    @Override
    public String responseId() {
        return tap.responseId();
    }

    @Override
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    @Override
    public void stop(BridgeException reason) {
        close();
    }

    /** Gives the connection back for the next call when the stream was read to its end. */
    @Override
    public void close() {
        events.close(ended);
    }
}
