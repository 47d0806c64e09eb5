package io.llmbridge.bench;

import io.llmbridge.adapter.out.tokenizer.JtokkitTokenCounter;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.util.List;
import java.util.Map;

/**
 * jtokkit's estimates, as the gateway makes them when a provider reports no usage: the benchmark
 * request's prompt (OpenAI's message counting rules), and the text of the benchmark's 40-chunk
 * stream as a completion. Encodings are loaded in setup, as the gateway does after start-up.
 */
public class TokenEstimationBenchmark extends MicroBenchmark {
    private static final String MODEL = "gpt-4o-mini";

    private final JtokkitTokenCounter counter = JtokkitTokenCounter.shared();
    private ChatRequest request;
    private GeneratedText streamText;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        request = ChatRequest.from(PlainJson.parseObject(Mock.request()));
        StringBuilder text = new StringBuilder();
        for (String line : Mock.text("stream.sse").split("\n")) {
            if (line.startsWith("data: {")) {
                Map<String, Object> chunk = PlainJson.parseObject(line.substring("data: ".length()));
                for (Object choice : (List<Object>) chunk.get("choices")) {
                    Object delta = ((Map<String, Object>) choice).get("delta");
                    if (delta instanceof Map<?, ?> fields && fields.get("content") instanceof String content) {
                        text.append(content);
                    }
                }
            }
        }
        streamText = new GeneratedText(text.toString(), null, null);
        counter.completionTokens(MODEL, streamText); // waits for the encodings
    }

    /** The prompt of the benchmark's 470-byte chat request. */
    @Benchmark
    public long promptTokens() {
        return counter.promptTokens(MODEL, request);
    }

    /** The 40-chunk stream's text (~37 tokens) as a completion. */
    @Benchmark
    public long completionTokens() {
        return counter.completionTokens(MODEL, streamText);
    }
}
