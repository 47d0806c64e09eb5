package io.llmbridge.bench;

import io.llmbridge.adapter.out.openai.OpenAiWireFormat;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/**
 * A client's chat request on its way upstream: parse the body (inbound adapter), validate it
 * into a {@link ChatRequest} (domain), write the body the upstream receives (outbound adapter);
 * and the non-streamed answer read back for accounting.
 */
public class RequestPathBenchmark extends MicroBenchmark {
    private String requestJson;
    private Map<String, Object> parsed;
    private ChatRequest request;
    private String completionJson;

    @Setup
    public void setUp() {
        requestJson = Mock.request();
        parsed = PlainJson.parseObject(requestJson);
        request = ChatRequest.from(parsed);
        completionJson = Mock.text("completion.json");
    }

    /** The whole way: text in, upstream bytes out. */
    @Benchmark
    public byte[] requestToUpstreamBody() {
        return OpenAiWireFormat.upstreamBody(Mock.ROUTE, ChatRequest.from(PlainJson.parseObject(requestJson)));
    }

    @Benchmark
    public Map<String, Object> parse() {
        return PlainJson.parseObject(requestJson);
    }

    @Benchmark
    public ChatRequest validate() {
        return ChatRequest.from(parsed);
    }

    @Benchmark
    public byte[] writeUpstreamBody() {
        return OpenAiWireFormat.upstreamBody(Mock.ROUTE, request);
    }

    /** A non-streamed chat.completion read for its usage and finish reason. */
    @Benchmark
    public Object readCompletion() {
        return OpenAiWireFormat.completion(completionJson);
    }
}
