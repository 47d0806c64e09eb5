package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider port's shared contract, with MockServer playing Gemini. */
class GeminiProviderContractTest extends ChatProviderContract {
    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    @Override
    protected ChatProvider provider() {
        return gemini.provider();
    }

    @Override
    protected void upstreamAnswers(List<String> pieces) {
        gemini.answerJson(200, PlainJson.write(event(String.join("", pieces), pieces.size(), true)));
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            events.append("data: ").append(PlainJson.write(event(pieces.get(i), i + 1, i == pieces.size() - 1))).append("\r\n\r\n");
        }
        gemini.streamText(200, events.toString(), "text/event-stream");
    }

    /** One GenerateContentResponse: a whole answer, or one streamed piece of it. */
    private static Map<String, Object> event(String text, int tokens, boolean finished) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("content", Map.of("role", "model", "parts", List.of(Map.of("text", text))));
        if (finished) {
            candidate.put("finishReason", "STOP");
        }
        candidate.put("index", 0);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("candidates", List.of(candidate));
        event.put("usageMetadata", Map.of("promptTokenCount", 4, "candidatesTokenCount", tokens, "totalTokenCount", 4 + tokens));
        event.put("modelVersion", "contract-model");
        event.put("responseId", "contract-response");
        return event;
    }

    @Override
    protected boolean upstreamFails(int status) {
        String fixture = switch (status) {
            case 429 -> "errors/RESOURCE_EXHAUSTED.json";
            case 500 -> "errors/INTERNAL.json";
            default -> throw new IllegalArgumentException("no Gemini error fixture for HTTP " + status);
        };
        gemini.answer(status, fixture);
        gemini.stream(status, fixture, "application/json");
        return true;
    }

    @Override
    protected boolean upstreamStalls() {
        gemini.answerSlowly(Duration.ofMillis(timeoutMillis() * 5));
        return true;
    }

    @Override
    protected String lastUpstreamModel() {
        return gemini.lastModel();
    }
}
