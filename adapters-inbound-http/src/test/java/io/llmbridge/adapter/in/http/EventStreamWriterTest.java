package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamWriterTest {

    @Test
    void flushes_every_chunk_of_a_stream_that_cannot_tell_what_is_ready() throws IOException {
        FlushRecorder out = new FlushRecorder();
        Scripted stream = new Scripted(List.of("{\"n\":1}", "{\"n\":2}"), List.of(false, false));
        EventStreamWriter.writeAll(stream, stream.next(), out);
        assertEquals(List.of("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"), out.flushed);
    }

    @Test
    void sends_chunks_that_are_already_at_hand_in_one_flush() throws IOException {
        FlushRecorder out = new FlushRecorder();
        // 1 arrives alone; 2 and 3 arrive together, then the end.
        Scripted stream = new Scripted(List.of("1", "2", "3"), List.of(false, true, true));
        EventStreamWriter.writeAll(stream, stream.next(), out);
        assertEquals(List.of("data: 1\n\n", "data: 2\n\ndata: 3\n\ndata: [DONE]\n\n"), out.flushed);
    }

    @Test
    void flushes_the_error_event_of_a_stream_that_fails_midway() throws IOException {
        FlushRecorder out = new FlushRecorder();
        Scripted stream = new Scripted(List.of("1"), List.of(false));
        stream.failAtEnd = true;
        EventStreamWriter.writeAll(stream, stream.next(), out);
        assertEquals(2, out.flushed.size());
        assertEquals("data: 1\n\n", out.flushed.get(0));
        assertTrue(out.flushed.get(1).startsWith("data: {\"error\":{\"message\":\"gone\""), out.flushed.get(1));
        assertFalse(out.flushed.get(1).contains("[DONE]"));
    }

    @Test
    void ends_a_stream_that_breaks_unexpectedly_with_an_internal_error_event_that_hides_the_cause() throws IOException {
        FlushRecorder out = new FlushRecorder();
        Scripted stream = new Scripted(List.of("1"), List.of(false));
        stream.breakAtEnd = new IllegalStateException("a bug with details");
        EventStreamWriter.writeAll(stream, stream.next(), out);
        assertEquals(2, out.flushed.size());
        String last = out.flushed.get(1);
        assertTrue(last.startsWith("data: {\"error\":{\"message\":\"The gateway failed unexpectedly"), last);
        assertTrue(last.contains("\"code\":\"internal_error\""), last);
        assertFalse(last.contains("a bug with details"), last);
        assertFalse(last.contains("[DONE]"));
    }

    /** Hands out its chunks; {@code ready[i]} is what nextIsReady says after chunk i was taken. */
    private static final class Scripted implements ChatStream {
        private final List<String> chunks;
        private final List<Boolean> ready;
        private int taken;
        boolean failAtEnd;
        RuntimeException breakAtEnd;

        Scripted(List<String> chunks, List<Boolean> ready) {
            this.chunks = chunks;
            this.ready = ready;
        }

        @Override
        public Optional<ChatChunk> next() {
            if (taken < chunks.size()) {
                return Optional.of(new ChatChunk(chunks.get(taken++), null, null, null));
            }
            if (failAtEnd) {
                throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "gone").build();
            }
            if (breakAtEnd != null) {
                throw breakAtEnd;
            }
            return Optional.empty();
        }

        @Override
        public boolean nextIsReady() {
            return ready.get(taken - 1);
        }

        @Override
        public void close() {
        }
    }

    /** Records what each flush sends. */
    private static final class FlushRecorder extends ByteArrayOutputStream {
        final List<String> flushed = new ArrayList<>();

        @Override
        public void flush() {
            if (size() > 0) {
                flushed.add(toString(StandardCharsets.UTF_8));
                reset();
            }
        }
    }
}
