package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider port's shared contract, with MockServer playing Anthropic. */
class AnthropicProviderContractTest extends ChatProviderContract {
    @RegisterExtension
    static final AnthropicMock anthropic = new AnthropicMock();

    @Override
    protected ChatProvider provider() {
        return anthropic.provider();
    }

    @Override
    protected void upstreamAnswers(List<String> pieces) {
        // One expectation per kind of call: MockServer tells them apart by the body's "stream".
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "msg_contract");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "contract-model");
        message.put("content", List.of(Map.of("type", "text", "text", String.join("", pieces))));
        message.put("stop_reason", "end_turn");
        message.put("usage", Map.of("input_tokens", 4, "output_tokens", pieces.size()));
        StringBuilder events = new StringBuilder();
        event(events, "message_start", Map.of("type", "message_start", "message", Map.of("id", "msg_contract",
                "type", "message", "role", "assistant", "content", List.of(), "model", "contract-model",
                "usage", Map.of("input_tokens", 4, "output_tokens", 1))));
        event(events, "content_block_start", Map.of("type", "content_block_start", "index", 0,
                "content_block", Map.of("type", "text", "text", "")));
        for (String piece : pieces) {
            event(events, "content_block_delta", Map.of("type", "content_block_delta", "index", 0,
                    "delta", Map.of("type", "text_delta", "text", piece)));
        }
        event(events, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        event(events, "message_delta", Map.of("type", "message_delta", "delta", Map.of("stop_reason", "end_turn"),
                "usage", Map.of("output_tokens", pieces.size())));
        event(events, "message_stop", Map.of("type", "message_stop"));
        anthropic.answerByStreamField(PlainJson.write(message), events.toString());
    }

    private static void event(StringBuilder events, String name, Map<String, Object> data) {
        events.append("event: ").append(name).append('\n').append("data: ").append(PlainJson.write(data)).append("\n\n");
    }

    @Override
    protected boolean upstreamFails(int status) {
        anthropic.answerFixture(status, switch (status) {
            case 429 -> "error-rate-limit.json";
            case 500 -> "error-api.json";
            default -> throw new IllegalArgumentException("no Anthropic error fixture for HTTP " + status);
        });
        return true;
    }

    @Override
    protected boolean upstreamStalls() {
        anthropic.answerSlowly(Duration.ofMillis(timeoutMillis() * 5));
        return true;
    }

    @Override
    protected String lastUpstreamModel() {
        return String.valueOf(PlainJson.parseObject(anthropic.lastBody()).get("model"));
    }
}
