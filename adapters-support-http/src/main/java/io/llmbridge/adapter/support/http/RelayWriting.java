package io.llmbridge.adapter.support.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.RelayedAnswer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

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

    /** A whole (non-streamed) answer's bytes, read to its end so that it is recorded as answered. */
    public static byte[] whole(RelayedAnswer answer, Optional<byte[]> first) {
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
