package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a chat stream as Responses API server-sent events ({@code event: <type>} and the event as
 * {@code data}), flushed as each chunk's events are ready unless the next chunk is already at
 * hand. As on the chat path, the first chunk is awaited before anything is sent, so an early
 * failure still gets its HTTP status; a failure after that ends the stream with
 * {@code response.failed}, never a silent cut. The chat stream is closed however this ends.
 */
final class ResponseEventWriter {
    /** A burst larger than this goes out in parts, so a fast upstream cannot grow the batch without bound. */
    private static final int MAX_BATCH = 64 * 1024;

    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
    private final OutputStream out;

    private ResponseEventWriter(OutputStream out) {
        this.out = out;
    }

    static void write(ChatStream stream, ResponsesRequest request, RequestContext context, ServerResponse res) {
        try (stream) {
            Optional<ChatChunk> first = stream.next();
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
            res.header(HeaderValues.CACHE_NO_CACHE);
            res.header(HeaderValues.create(HeaderNames.create("X-Accel-Buffering"), "no"));
            try (OutputStream out = res.outputStream()) {
                new ResponseEventWriter(out).writeAll(stream, first, request, context);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeAll(ChatStream stream, Optional<ChatChunk> first, ResponsesRequest request, RequestContext context)
            throws IOException {
        ResponseEvents events = new ResponseEvents(request, context, this::event);
        events.start();
        try {
            Optional<ChatChunk> next = first;
            while (next.isPresent()) {
                events.chunk(next.get());
                if (!stream.nextIsReady() || batch.size() >= MAX_BATCH) {
                    send();
                }
                next = EventStreamWriter.next(stream);
            }
            events.finish();
        } catch (BridgeException e) {
            events.fail(e);
        }
        send();
    }

    private void event(Map<String, Object> event) {
        batch.writeBytes(("event: " + event.get("type") + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        batch.writeBytes(PlainJson.write(event).getBytes(StandardCharsets.UTF_8));
        batch.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void send() throws IOException {
        EventStreamWriter.send(batch, out);
    }
}
