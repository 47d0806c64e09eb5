package io.llmbridge.application.port.in;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AuthenticationUseCaseTest {
    @Test
    void the_bearer_scheme_is_read_in_any_case_and_spacing() {
        assertEquals("sk-1", AuthenticationUseCase.bearerKey("Bearer sk-1"));
        assertEquals("sk-1", AuthenticationUseCase.bearerKey("  bEARER   sk-1 "));
    }

    @Test
    void another_scheme_or_no_key_gives_none() {
        assertNull(AuthenticationUseCase.bearerKey("Basic c2stMQ=="));
        assertNull(AuthenticationUseCase.bearerKey("sk-1"));
        assertNull(AuthenticationUseCase.bearerKey("Bearer   "));
        assertNull(AuthenticationUseCase.bearerKey("Bearersk-1"));
    }
}
