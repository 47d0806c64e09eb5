package io.llmbridge.adapter.support.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelRewriteTest {
    private static String rewrite(String body, String model) {
        return new String(ModelRewrite.of(body.getBytes(StandardCharsets.UTF_8), model), StandardCharsets.UTF_8);
    }

    @Test
    void only_the_top_level_model_value_changes_and_every_other_byte_stays() {
        String body = "{ \"max_tokens\" : 1.50e3,\n \"model\" :\t\"anthropic/claude-x\" , \"metadata\":{\"model\":\"keep\"},"
                + "\"messages\":[{\"content\":\"say \\\"model\\\": \\u00e9\",\"model\":\"inner\"}],\"x\":[\"model\",{\"model\":1}]}";

        assertEquals(body.replace("\"anthropic/claude-x\"", "\"claude-x\""), rewrite(body, "claude-x"));
    }

    @Test
    void the_new_model_is_escaped_as_json() {
        assertEquals("{\"model\":\"a\\\"b\"}", rewrite("{\"model\":\"p/m\"}", "a\"b"));
    }

    @Test
    void a_key_written_with_escapes_falls_back_to_writing_the_parsed_body_again() {
        String rewritten = rewrite("{\"mod\\u0065l\":\"p/m\",\"n\":0.70}", "m");

        assertEquals(Map.of("model", "m", "n", new java.math.BigDecimal("0.70")), PlainJson.parseObject(rewritten));
    }
}
