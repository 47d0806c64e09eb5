package io.llmbridge.application.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoughTokensTest {
    @Test
    void english_is_about_four_characters_a_token_and_other_scripts_a_token_each() {
        assertEquals(0, RoughTokens.of(""));
        assertEquals(1, RoughTokens.of("hi"));
        assertEquals(11, RoughTokens.of("The quick brown fox jumps over the lazy dog."));
        assertEquals(4, RoughTokens.of("你好世界"));
    }
}
