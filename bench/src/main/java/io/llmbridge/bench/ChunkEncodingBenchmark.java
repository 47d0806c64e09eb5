package io.llmbridge.bench;

import io.llmbridge.adapter.in.http.EventStreamWireFormat;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 40 chunks of bench/mock/stream.sse written to the client as OpenAI's server-sent events
 * by the HTTP adapter ({@link EventStreamWireFormat}), then {@code [DONE]}; the sink only counts bytes, so this is the
 * adapter's own encoding cost without the socket. One operation is the whole stream.
 */
public class ChunkEncodingBenchmark extends MicroBenchmark {
    private List<ChatChunk> chunks;

    @Setup
    public void setUp() {
        chunks = new ArrayList<>();
        for (String line : stream().split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(new ChatChunk(line.substring("data: ".length()), null, null, null));
            }
        }
    }

    @Benchmark
    public long writeStream() throws IOException {
        CountingSink out = new CountingSink();
        ListStream stream = new ListStream(chunks);
        EventStreamWireFormat.write(stream, out);
        return out.count;
    }

    private static String stream() {
        try (InputStream in = ChunkEncodingBenchmark.class.getResourceAsStream("/mock/stream.sse")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ListStream implements ChatStream {
        private final List<ChatChunk> chunks;
        private int next;

        ListStream(List<ChatChunk> chunks) {
            this.chunks = chunks;
        }

        @Override
        public Optional<ChatChunk> next() {
            return next < chunks.size() ? Optional.of(chunks.get(next++)) : Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
