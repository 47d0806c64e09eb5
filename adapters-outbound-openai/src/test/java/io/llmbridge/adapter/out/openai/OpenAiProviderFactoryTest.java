package io.llmbridge.adapter.out.openai;

import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenAiProviderFactoryTest {
    private final OpenAiProviderFactory factory = new OpenAiProviderFactory();

    @Test
    void declares_stream_usage_and_refuses_a_value_that_is_not_a_boolean() {
        assertEquals(Set.of("stream_usage", "responses", "max_response_size"), factory.options());
        factory.validate(Map.of("stream_usage", false, "base_url", "http://example.com"));
        factory.validate(Map.of());
        InvalidProviderOption invalid = assertThrows(InvalidProviderOption.class, () -> factory.validate(Map.of("stream_usage", "off")));
        assertEquals("stream_usage", invalid.key());
        assertEquals("must be true or false", invalid.expectation());
    }
}
