package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.ChatStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The adapter's server-sent-event encoding without a socket, for the microbenchmarks in
 * {@code bench/}: they measure it through this entry instead of sharing the adapter's package.
 * The gateway itself reaches the adapter only through {@link OpenAiHttpApi}.
 */
public final class EventStreamWireFormat {
    private EventStreamWireFormat() {
    }

    /** Writes the whole stream as the client receives it, {@code data: [DONE]} last. */
    public static void write(ChatStream stream, OutputStream out) throws IOException {
        EventStreamWriter.writeAll(stream, stream.next(), out);
    }
}
