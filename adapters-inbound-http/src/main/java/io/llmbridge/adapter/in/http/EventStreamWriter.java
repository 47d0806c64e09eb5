package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes a chat stream as OpenAI's server-sent events, flushing each chunk as it arrives unless
 * the next one is already at hand (then they go out together). Chunks that go out together are
 * gathered here and handed to the response in one write: the response's own buffer is a few
 * kilobytes, and each time it filled it sent a chunk of its own, a socket write each (a burst of
 * 40 chunks took seven writes; now one, plus the headers and the last chunk Helidon writes).
 * The first chunk is awaited before anything is sent, so a failure that comes before it still
 * gets a real HTTP status; a failure after it ends the stream with one error event and no
 * {@code [DONE]}. The upstream stream is closed however this ends, including when the client
 * goes away (the write fails).
 */
final class EventStreamWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamWriter.class);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    /** A burst larger than this goes out in parts, so a fast upstream cannot grow the batch without bound. */
    static final int MAX_BATCH = 64 * 1024;

    private EventStreamWriter() {
    }

    static void write(ChatStream stream, ServerResponse res) {
        try (stream) {
            Optional<ChatChunk> first = stream.next(); // a failure here still gets a real HTTP status
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
            res.header(HeaderValues.CACHE_NO_CACHE);
            res.header(HeaderValues.create(HeaderNames.create("X-Accel-Buffering"), "no"));
            try (OutputStream out = res.outputStream()) {
                writeAll(stream, first, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeAll(ChatStream stream, Optional<ChatChunk> first, OutputStream out) throws IOException {
        // Sized for a typical burst, so that gathering one does not copy it over and over.
        ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
        Optional<ChatChunk> next = first;
        try {
            while (next.isPresent()) {
                event(batch, next.get().json().getBytes(StandardCharsets.UTF_8));
                // The client gets each chunk as soon as no other one is at hand.
                if (!stream.nextIsReady() || batch.size() >= MAX_BATCH) {
                    send(batch, out);
                }
                next = next(stream);
            }
            batch.write(DONE);
        } catch (BridgeException e) {
            event(batch, OpenAiErrors.json(e).getBytes(StandardCharsets.UTF_8));
        }
        send(batch, out);
    }

    /**
     * The next chunk of a stream that has started. Its status is sent, so a failure nobody
     * foresaw (a bug) can only end it with an error event, as a foreseen one does.
     */
    static Optional<ChatChunk> next(ChatStream stream) {
        try {
            return stream.next();
        } catch (BridgeException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("A stream failed unexpectedly after it had started", e);
            throw BridgeException.unexpected();
        }
    }

    private static void event(ByteArrayOutputStream batch, byte[] json) {
        batch.writeBytes(DATA);
        batch.writeBytes(json);
        batch.writeBytes(END);
    }

    /** Sends what the batch holds and flushes; a client that reads nothing for too long counts as gone. */
    static void send(ByteArrayOutputStream batch, OutputStream out) throws IOException {
        try {
            if (batch.size() > 0) {
                batch.writeTo(out);
                batch.reset();
            }
            out.flush();
        } catch (IllegalStateException e) {
            // The connection's write queue stayed full for Helidon's write timeout: the client
            // reads nothing. It is as good as gone, and is treated as a client that went away.
            throw new ServerConnectionException("The client read nothing for too long", e);
        }
    }
}
