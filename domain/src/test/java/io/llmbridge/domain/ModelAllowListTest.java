package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelAllowListTest {
    private static final ModelRef ECHO = ModelRef.parse("echo/echo-1");
    private static final ModelRef MINI = ModelRef.parse("openai/gpt-4o-mini");
    private static final ModelRef GPT4O = ModelRef.parse("openai/gpt-4o");

    @Test
    void a_provider_wildcard_allows_every_model_of_that_provider_only() {
        ModelAllowList list = ModelAllowList.of(List.of("echo/*"));
        assertTrue(list.allows(ECHO));
        assertTrue(list.allows(ModelRef.parse("echo/nested/model")));
        assertFalse(list.allows(MINI));
        assertFalse(list.allows(ModelRef.parse("echoes/x")), "a longer provider name is another provider");
    }

    @Test
    void an_exact_name_allows_that_model_and_no_other() {
        ModelAllowList list = ModelAllowList.of(List.of("openai/gpt-4o-mini"));
        assertTrue(list.allows(MINI));
        assertFalse(list.allows(GPT4O));
    }

    @Test
    void no_list_allows_everything_and_an_empty_list_nothing() {
        assertTrue(ModelAllowList.ANY.allows(MINI));
        assertFalse(ModelAllowList.of(List.of()).allows(MINI));
    }

    @Test
    void patterns_that_are_neither_names_nor_wildcards_are_refused_with_the_pattern_named() {
        for (String bad : List.of("*", "echo", "/*", "echo/", "echo/gpt*", "*/gpt", "echo/*/x", "a b/c", "")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ModelAllowList.of(List.of(bad)), bad);
            assertTrue(error.getMessage().contains("'" + bad + "'"), error.getMessage());
        }
    }

    @Test
    void unmatched_names_the_patterns_that_allow_none_of_the_known_models() {
        ModelAllowList list = ModelAllowList.of(List.of("echo/*", "openai/gpt-4o-mini", "gemini/*", "openai/gpt-5"));
        assertEquals(List.of("gemini/*", "openai/gpt-5"), list.unmatched(List.of(ECHO, MINI, GPT4O)));
        assertEquals(List.of(), ModelAllowList.ANY.unmatched(List.of()));
    }
}
