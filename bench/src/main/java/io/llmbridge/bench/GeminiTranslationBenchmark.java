package io.llmbridge.bench;

import io.llmbridge.adapter.out.gemini.GeminiWireFormat;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Gemini adapter's translations, on the adapter's own test fixtures (the bench module puts
 * them on its class path under {@code gemini/}): an OpenAI request to Gemini's JSON, a Gemini
 * answer to an OpenAI completion, and a Gemini stream (thinking, text, tool calls) to OpenAI
 * chunks. One operation is one whole request, answer or stream; the JSON is parsed in setup.
 */
public class GeminiTranslationBenchmark extends MicroBenchmark {
    private ChatRequest request;
    private Map<String, Object> response;
    private List<Map<String, Object>> streamEvents;

    @Setup
    public void setUp() {
        request = ChatRequest.from(PlainJson.parseObject(fixture("stream-text-and-tools/openai-request.json")));
        response = PlainJson.parseObject(fixture("plain-text/gemini-response.json"));
        streamEvents = new ArrayList<>();
        for (String line : fixture("stream-text-and-tools/gemini-stream.sse").split("\n")) {
            if (line.startsWith("data: ")) {
                streamEvents.add(PlainJson.parseObject(line.substring("data: ".length())));
            }
        }
    }

    /** OpenAI request (messages, tools, options) → the body sent to generateContent. */
    @Benchmark
    public String request() {
        return PlainJson.write(GeminiWireFormat.request(request));
    }

    /** generateContent's answer → the OpenAI completion the client gets. */
    @Benchmark
    public Object response() {
        return GeminiWireFormat.response(response, "gemini-2.5-flash", 1_741_570_283L);
    }

    /** A streamGenerateContent stream's events → OpenAI chunks, with the usage chunk. */
    @Benchmark
    public List<ChatChunk> stream() {
        return GeminiWireFormat.stream(streamEvents, "gemini-2.5-flash", 1_741_570_283L);
    }

    private static String fixture(String name) {
        try (InputStream in = GeminiTranslationBenchmark.class.getResourceAsStream("/gemini/" + name)) {
            if (in == null) {
                throw new IllegalStateException("gemini/" + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
