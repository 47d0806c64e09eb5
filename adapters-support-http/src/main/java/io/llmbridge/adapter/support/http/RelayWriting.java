package io.llmbridge.adapter.support.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.RelayedAnswer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Copies a relayed answer to the client as it arrives, piece by piece, each flushed at once. The
 * first piece has already arrived when this starts (the service waits for it), so every failure
 * before it was an ordinary error answer. A failure after it cannot change the status any more:
 * the surface's own error event is written after a blank line (ending any event the failure cut
 * short), so the client learns why instead of seeing a silent cut.
 */
public final class RelayWriting {
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private RelayWriting() {
    }

    /**
     * Sends a relayed answer once its first piece has arrived: a whole answer as one body, a
     * stream piece by piece through {@link #copy}.
     *
     * @param header     sets a response header
     * @param whole      sends a whole body
     * @param out        opens the response's body for a stream
     * @param errorEvent as for {@link #copy}
     * @throws IOException when the client went away
     */
    public static void send(RelayedAnswer answer, boolean stream, BiConsumer<String, String> header, Consumer<byte[]> whole,
                            Supplier<OutputStream> out, Function<BridgeException, String> errorEvent) throws IOException {
        Optional<byte[]> first = answer.next();
        header.accept("Content-Type", stream ? "text/event-stream; charset=utf-8" : "application/json");
        if (!stream) {
            whole.accept(whole(answer, first));
            return;
        }
        header.accept("Cache-Control", "no-cache");
        header.accept("X-Accel-Buffering", "no");
        try (OutputStream body = out.get()) {
            copy(answer, first, body, errorEvent);
        }
    }

    /** A whole (non-streamed) answer's bytes, read to its end so that it is recorded as answered. */
    private static byte[] whole(RelayedAnswer answer, Optional<byte[]> first) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (Optional<byte[]> piece = first; piece.isPresent(); piece = answer.next()) {
            whole.writeBytes(piece.get());
        }
        return whole.toByteArray();
    }

    /**
     * @param errorEvent the surface's server-sent event for a failure after the answer began
     *                   ({@code event: error} and its data, ending with a blank line)
     * @throws IOException when the client went away
     */
    public static void copy(RelayedAnswer answer, Optional<byte[]> first, OutputStream out,
                            Function<BridgeException, String> errorEvent) throws IOException {
        Optional<byte[]> next = first;
        try {
            while (next.isPresent()) {
                out.write(next.get());
                out.flush();
                next = answer.next();
            }
        } catch (BridgeException e) {
            out.write(EVENT_END);
            out.write(errorEvent.apply(e).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
