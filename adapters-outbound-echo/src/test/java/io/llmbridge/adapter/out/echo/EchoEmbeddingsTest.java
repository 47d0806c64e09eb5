package io.llmbridge.adapter.out.echo;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EchoEmbeddingsTest {
    private static Embeddings embed(Map<String, Object> body) {
        return EchoEmbeddings.embed("echo-embed", EmbeddingRequest.from(body));
    }

    @Test
    void the_same_input_always_gets_the_same_unit_vector_of_the_asked_dimensions() {
        Embeddings first = embed(Map.of("model", "m", "input", List.of("a b c", "other"), "dimensions", 32L));
        Embeddings again = embed(Map.of("model", "m", "input", "a b c", "dimensions", 32L));

        float[] vector = first.vectors().getFirst();
        assertEquals(32, vector.length);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-5);
        assertArrayEquals(vector, again.vectors().getFirst());
        assertFalse(java.util.Arrays.equals(vector, first.vectors().get(1)));
        assertEquals(4L, first.usage().promptTokens());
    }

    @Test
    void token_ids_are_embedded_and_counted_one_each() {
        Embeddings embeddings = embed(Map.of("model", "m", "input", List.of(1L, 2L, 3L)));

        assertEquals(EchoEmbeddings.DEFAULT_DIMENSIONS, embeddings.vectors().getFirst().length);
        assertEquals(3L, embeddings.usage().promptTokens());
    }

    @Test
    void dimensions_beyond_the_largest_model_are_refused() {
        assertThrows(BridgeException.class, () -> embed(Map.of("model", "m", "input", "x", "dimensions", 100_000L)));
    }
}
