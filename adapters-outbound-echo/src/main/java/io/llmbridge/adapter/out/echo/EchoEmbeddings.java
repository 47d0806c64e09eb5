package io.llmbridge.adapter.out.echo;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Offline embeddings: each input becomes a unit vector seeded by a hash of it, so the same input
 * always gets the same vector, and different inputs practically never do. Usage counts words (or
 * token ids), as the echo chat does.
 */
final class EchoEmbeddings {
    static final int DEFAULT_DIMENSIONS = 256;
    /** As many as OpenAI's largest model has: a client's {@code dimensions} cannot make it allocate more. */
    static final int MAX_DIMENSIONS = 3072;
    static final int MAX_INPUTS = 2048;

    private EchoEmbeddings() {
    }

    static Embeddings embed(String model, EmbeddingRequest request) {
        if (request.inputs().size() > MAX_INPUTS) {
            throw BridgeException.invalidRequest("input", "'input' has " + request.inputs().size()
                    + " items; this provider embeds at most " + MAX_INPUTS + " in one request.");
        }
        long dimensions = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
        if (dimensions > MAX_DIMENSIONS) {
            throw BridgeException.invalidRequest("dimensions", "'dimensions' must be at most " + MAX_DIMENSIONS + ".");
        }
        List<float[]> vectors = new ArrayList<>(request.inputs().size());
        long tokens = 0;
        for (EmbeddingRequest.Input input : request.inputs()) {
            vectors.add(vector(input, (int) dimensions));
            tokens += input.isText() ? input.text().strip().split("\\s+").length : input.tokens().size();
        }
        return Embeddings.vectors(vectors, model, new Usage(tokens, null, tokens, null, null, UsageSource.PROVIDER), null);
    }

    static float[] vector(EmbeddingRequest.Input input, int dimensions) {
        SplittableRandom random = new SplittableRandom(seed(input));
        double[] values = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            values[i] = random.nextGaussian();
            norm += values[i] * values[i];
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (values[i] / norm);
        }
        return vector;
    }

    private static long seed(EmbeddingRequest.Input input) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((input.isText() ? "text:" + input.text() : "tokens:" + input.tokens()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
