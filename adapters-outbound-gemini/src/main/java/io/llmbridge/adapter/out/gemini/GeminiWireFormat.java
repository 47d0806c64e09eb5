package io.llmbridge.adapter.out.gemini;

import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The adapter's translations without a network, for the microbenchmarks in {@code bench/}: they
 * measure them through this entry instead of sharing the adapter's package. The gateway itself
 * reaches the adapter only through {@link GeminiProviderFactory}.
 */
public final class GeminiWireFormat {
    private static final GeminiFailures FAILURES = new GeminiFailures("gemini", "GEMINI_API_KEY", null);

    private GeminiWireFormat() {
    }

    /** An OpenAI-shaped request → the JSON body sent to {@code generateContent}. */
    public static Map<String, Object> request(ChatRequest request) {
        return RequestTranslator.translate(request);
    }

    /** {@code generateContent}'s answer → the OpenAI completion the client gets. */
    public static ChatResponse response(Map<String, Object> response, String model, long created) {
        return ResponseTranslator.translate(response, model, created, FAILURES);
    }

    /** A {@code streamGenerateContent} stream's events → OpenAI chunks, the usage chunk last. */
    public static List<ChatChunk> stream(List<Map<String, Object>> events, String model, long created) {
        StreamTranslator translator = new StreamTranslator(model, created, true, FAILURES);
        List<ChatChunk> chunks = new ArrayList<>();
        for (Map<String, Object> event : events) {
            chunks.addAll(translator.onEvent(event));
        }
        chunks.addAll(translator.onEnd());
        return chunks;
    }
}
