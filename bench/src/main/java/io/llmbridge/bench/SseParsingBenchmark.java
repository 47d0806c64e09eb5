package io.llmbridge.bench;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.ClientResponseTrailers;
import io.helidon.http.Status;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.out.openai.OpenAiWireFormat;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * The upstream's 40-chunk SSE stream (bench/mock/stream.sse) read into chunks by the OpenAI
 * adapter ({@link OpenAiWireFormat#stream}): line splitting, event assembly and the per-chunk
 * JSON read for finish reason, content and usage; and each half alone. One operation is the
 * whole stream.
 */
public class SseParsingBenchmark extends MicroBenchmark {
    private byte[] stream;
    private java.util.List<String> chunks;

    @Setup
    public void setUp() {
        stream = Mock.bytes("stream.sse");
        chunks = new java.util.ArrayList<>();
        for (String line : Mock.text("stream.sse").split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(line.substring("data: ".length()));
            }
        }
    }

    /** Only the SSE framing: events split out of the bytes, data decoded. */
    @Benchmark
    public int splitEvents(Blackhole sink) throws java.io.IOException {
        return OpenAiWireFormat.eventData(new ByteArrayInputStream(stream), sink::consume);
    }

    /** Only the JSON: each chunk's fields read (40 objects, the [DONE] excluded). */
    @Benchmark
    public void readChunkFields(Blackhole sink) {
        for (String chunk : chunks) {
            sink.consume(OpenAiWireFormat.chunkFields(chunk));
        }
    }

    @Benchmark
    public int readStream(Blackhole sink) {
        int chunks = 0;
        try (ChatStream sse = OpenAiWireFormat.stream(new CannedResponse(stream), Mock.ROUTE)) {
            Optional<ChatChunk> chunk;
            while ((chunk = sse.next()).isPresent()) {
                sink.consume(chunk.get());
                chunks++;
            }
        }
        return chunks;
    }

    /** An upstream answer whose body is already here; only its stream is ever asked for. */
    private record CannedResponse(byte[] body) implements HttpClientResponse {
        @Override
        public InputStream inputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public ReadableEntity entity() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Status status() {
            return Status.OK_200;
        }

        @Override
        public ClientResponseHeaders headers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClientResponseTrailers trailers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClientUri lastEndpointUri() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
