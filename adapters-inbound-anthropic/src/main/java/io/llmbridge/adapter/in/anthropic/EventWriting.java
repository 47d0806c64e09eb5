package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
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
 * Writes a chat stream as Anthropic's server-sent events ({@code event: <type>} and its JSON). As
 * on the OpenAI surface, the first chunk is awaited before anything is sent, so a failure before it
 * still gets a real status; a failure after it ends the stream with one {@code error} event and no
 * {@code message_stop}. Events at hand together go out in one write; the upstream stream is closed
 * however this ends, a client that went away included.
 */
final class EventWriting {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriting.class);
    private static final int MAX_BATCH = 64 * 1024;

    private EventWriting() {
    }

    static void write(ChatStream stream, ServerResponse res, String id, String model) {
        try (stream) {
            Optional<ChatChunk> first = stream.next();
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
            res.header(HeaderValues.CACHE_NO_CACHE);
            res.header(HeaderValues.create(HeaderNames.create("X-Accel-Buffering"), "no"));
            try (OutputStream out = res.outputStream()) {
                writeAll(stream, first, out, id, model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeAll(ChatStream stream, Optional<ChatChunk> first, OutputStream out, String id, String model) throws IOException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
        StreamTranslation translation = new StreamTranslation((type, json) -> event(batch, type, PlainJson.write(json)));
        translation.start(id, model);
        Optional<ChatChunk> next = first;
        try {
            while (next.isPresent()) {
                translation.chunk(next.get());
                if (!stream.nextIsReady() || batch.size() >= MAX_BATCH) {
                    send(batch, out);
                }
                next = next(stream);
            }
            translation.end();
        } catch (BridgeException e) {
            event(batch, "error", AnthropicErrors.json(e));
        }
        send(batch, out);
    }

    private static Optional<ChatChunk> next(ChatStream stream) {
        try {
            return stream.next();
        } catch (BridgeException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("A stream failed unexpectedly after it had started", e);
            throw BridgeException.unexpected();
        }
    }

    private static void event(ByteArrayOutputStream batch, String type, String json) {
        batch.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        batch.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        batch.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void send(ByteArrayOutputStream batch, OutputStream out) throws IOException {
        try {
            if (batch.size() > 0) {
                batch.writeTo(out);
                batch.reset();
            }
            out.flush();
        } catch (IllegalStateException e) {
            // Helidon's write queue stayed full for its write timeout: the client reads nothing.
            throw new ServerConnectionException("The client read nothing for too long", e);
        }
    }
}
