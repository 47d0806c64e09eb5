package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.http.ProviderFailures;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.ModelRoute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's embeddings request to Gemini's {@code batchEmbedContents}, one request per input, and
 * its answer back to one vector per input, in order.
 */
final class EmbeddingTranslator {
    /** Gemini's documented maximum of requests in one {@code batchEmbedContents}; more is refused before any call. */
    static final int MAX_INPUTS = 100;

    private EmbeddingTranslator() {
    }

    /**
     * @throws BridgeException 400 for token ids (Gemini embeds text only) or more than {@link #MAX_INPUTS} inputs
     */
    static Map<String, Object> request(ModelRoute route, EmbeddingRequest request) {
        if (request.inputs().size() > MAX_INPUTS) {
            throw BridgeException.invalidRequest("input", "'input' has " + request.inputs().size()
                    + " items; Gemini embeds at most " + MAX_INPUTS + " in one request. Split the batch.");
        }
        String model = GeminiEndpoints.resource(route.upstreamModel());
        List<Object> requests = new ArrayList<>(request.inputs().size());
        for (EmbeddingRequest.Input input : request.inputs()) {
            if (!input.isText()) {
                throw BridgeException.invalidRequest("input", "Gemini embeds text only: send 'input' as strings, not token ids.");
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model", model);
            one.put("content", Map.of("parts", List.of(Map.of("text", input.text()))));
            if (route.embeddingTask() != null) {
                one.put("taskType", route.embeddingTask());
            }
            if (request.dimensions() != null) {
                one.put("outputDimensionality", request.dimensions());
            }
            requests.add(one);
        }
        return Map.of("requests", requests);
    }

    /** One vector per input, in the order Gemini answered them, which is the order they were sent. */
    static List<float[]> vectors(Map<String, Object> answer, int inputs, ProviderFailures failures) {
        List<?> embeddings = Values.list(answer, "embeddings");
        if (embeddings.size() != inputs) {
            throw failures.invalidResponse("answered " + embeddings.size() + " embeddings for " + inputs + " inputs");
        }
        List<float[]> vectors = new ArrayList<>(inputs);
        for (Object embedding : embeddings) {
            List<?> values = Values.list(Values.object(embedding), "values");
            if (values.isEmpty()) {
                throw failures.invalidResponse("answered an embedding without values");
            }
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!(values.get(i) instanceof Number number)) {
                    throw failures.invalidResponse("answered an embedding value that is not a number");
                }
                vector[i] = number.floatValue();
            }
            vectors.add(vector);
        }
        return vectors;
    }
}
