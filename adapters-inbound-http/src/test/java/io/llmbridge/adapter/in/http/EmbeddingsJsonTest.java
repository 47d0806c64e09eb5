package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingsJsonTest {
    private static final Embeddings TWO = Embeddings.vectors(List.of(new float[]{1f, -0.1f}, new float[]{0.5f, 2f}), "m",
            Usage.estimated(6, 0, null), null);

    @Test
    void vectors_are_written_in_openais_list_shape_with_each_float_as_it_prints() {
        Map<String, Object> json = PlainJson.parseObject(EmbeddingsJson.write(TWO, false));

        assertEquals(Map.of("object", "list", "model", "m", "usage", Map.of("prompt_tokens", 6L, "total_tokens", 6L),
                "data", List.of(
                        Map.of("object", "embedding", "index", 0L, "embedding", List.of(new BigDecimal("1.0"), new BigDecimal("-0.1"))),
                        Map.of("object", "embedding", "index", 1L, "embedding", List.of(new BigDecimal("0.5"), new BigDecimal("2.0"))))),
                json);
    }

    @Test
    void base64_is_little_endian_float32_as_openai_sends_it() {
        // 1.0f is 0x3F800000, -0.1f is 0xBDCCCCCD: written low byte first.
        assertEquals("AACAP83MzL0=", EmbeddingsJson.base64(new float[]{1f, -0.1f}));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) PlainJson.parseObject(EmbeddingsJson.write(TWO, true)).get("data")).getFirst();
        assertEquals("AACAP83MzL0=", first.get("embedding"));
    }

    @Test
    void a_passed_on_answer_without_usage_gets_the_estimate_and_keeps_the_rest() {
        String json = EmbeddingsJson.withUsage("{\"object\":\"list\",\"data\":[],\"model\":\"m\",\"extra\":1}", Usage.estimated(3, 0, null));

        assertEquals("{\"object\":\"list\",\"data\":[],\"model\":\"m\",\"extra\":1,\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}",
                json);
    }
}
