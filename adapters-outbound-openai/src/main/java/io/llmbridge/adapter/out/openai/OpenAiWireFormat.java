package io.llmbridge.adapter.out.openai;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.SseEventReader;
import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The adapter's work on OpenAI's wire format without a network, for the microbenchmarks in
 * {@code bench/}: they measure it through this entry instead of sharing the adapter's package.
 * The gateway itself reaches the adapter only through {@link OpenAiProviderFactory}.
 */
public final class OpenAiWireFormat {
    private static final OpenAiFailures FAILURES = new OpenAiFailures("bench", "BENCH_API_KEY", null);

    private OpenAiWireFormat() {
    }

    /** The body a non-streamed request is sent upstream with. */
    public static byte[] upstreamBody(ModelRoute route, ChatRequest request) {
        return OpenAiChatProvider.upstreamBody(route, request, false);
    }

    /** A non-streamed answer, read for accounting as the adapter reads it. */
    public static ChatResponse completion(String json) {
        return CompletionReader.read(json, null);
    }

    /** An upstream's 200 answer to a streamed request, read into chunks as the adapter reads it. */
    public static ChatStream stream(HttpClientResponse response, ModelRoute route) {
        return new SseChatStream(new UpstreamEvents(response, route, FAILURES), FAILURES, null, false);
    }

    /** Only the SSE framing of a stream: each event's data, in order; gives how many there were. */
    public static int eventData(InputStream sse, Consumer<String> sink) throws IOException {
        SseEventReader reader = new SseEventReader(sse);
        int events = 0;
        String data;
        while ((data = reader.nextData()) != null) {
            sink.accept(data);
            events++;
        }
        return events;
    }

    /**
     * Only the JSON of one chunk, read for the few fields the gateway needs, as every chunk after
     * the first is (its id already known); the result is opaque.
     */
    public static Object chunkFields(String json) {
        return AnswerFieldReader.chunk(json, false);
    }
}
