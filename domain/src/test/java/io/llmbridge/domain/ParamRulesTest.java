package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ParamRulesTest {

    @Test
    void update_overwrites_add_fills_gaps_then_rename_then_delete() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "m");
        body.put("temperature", 1L);
        body.put("max_tokens", 100L);
        body.put("top_p", 0.5);
        ParamRules rules = new ParamRules(
                Map.of("temperature", 0L),
                Map.of("temperature", 9L, "seed", 42L),
                Map.of("max_tokens", "max_completion_tokens"),
                List.of("top_p"));
        Map<String, Object> result = rules.applyTo(body);
        assertEquals(0L, result.get("temperature"));
        assertEquals(42L, result.get("seed"));
        assertEquals(100L, result.get("max_completion_tokens"));
        assertEquals(List.of("model", "temperature", "seed", "max_completion_tokens"), List.copyOf(result.keySet()));
        assertEquals(1L, body.get("temperature"), "the original body is left alone");
    }

    @Test
    void rules_see_the_result_of_earlier_rules() {
        ParamRules rules = new ParamRules(Map.of(), Map.of("reasoning", "high"), Map.of("reasoning", "reasoning_effort"),
                List.of());
        assertEquals("high", rules.applyTo(Map.of("model", "m")).get("reasoning_effort"));
    }

    @Test
    void no_rules_leave_the_body_as_it_is() {
        Map<String, Object> body = Map.of("model", "m");
        assertSame(body, ParamRules.NONE.applyTo(body));
    }
}
