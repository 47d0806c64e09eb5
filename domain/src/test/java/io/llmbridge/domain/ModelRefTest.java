package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelRefTest {

    @Test
    void the_provider_is_what_stands_before_the_first_slash() {
        ModelRef ref = ModelRef.parse("openrouter/meta-llama/llama-3-70b");
        assertEquals("openrouter", ref.provider());
        assertEquals("meta-llama/llama-3-70b", ref.model());
        assertEquals("openrouter/meta-llama/llama-3-70b", ref.id());
    }

    @Test
    void a_name_without_provider_is_a_model_not_found() {
        for (String id : new String[]{"gpt-4o", "/gpt-4o", "openai/"}) {
            BridgeException error = assertThrows(BridgeException.class, () -> ModelRef.parse(id));
            assertEquals(ErrorKind.MODEL_NOT_FOUND, error.kind());
            assertEquals("model_not_found", error.code());
        }
    }

    @Test
    void a_variant_sends_its_base_id_upstream() {
        assertEquals("o3-mini", ModelRoute.baseModelId("o3-mini<high>"));
        assertEquals("o3-mini", ModelRoute.baseModelId("o3-mini"));
        assertEquals("gpt-4.1", ModelRoute.baseModelId("gpt-4.1"));
    }
}
