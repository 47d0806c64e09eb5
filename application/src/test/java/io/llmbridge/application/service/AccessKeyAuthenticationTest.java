package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccessKeyAuthenticationTest {
    private final List<ChatRecord> records = new ArrayList<>();
    private final Caller teamA = new Caller("team-a", Caller.Role.USER);
    private final AccessKeyAuthentication authentication =
            new AccessKeyAuthentication(key -> "good-key".equals(key) ? Optional.of(teamA) : Optional.empty(), List.of(records::add));
    private final RequestContext context = RequestContext.received(Transport.HTTP, "models.list", null);

    @Test
    void a_known_key_is_its_caller() {
        assertEquals(teamA, authentication.authenticate("good-key", context));
    }

    @Test
    void a_missing_key_and_an_unknown_key_are_told_apart_without_echoing_the_key() {
        BridgeException missing = assertThrows(BridgeException.class, () -> authentication.authenticate(null, context));
        assertEquals(ErrorKind.UNAUTHENTICATED, missing.kind());
        assertEquals("missing_api_key", missing.code());

        BridgeException wrong = assertThrows(BridgeException.class, () -> authentication.authenticate("sk-wrong-secret", context));
        assertEquals(ErrorKind.UNAUTHENTICATED, wrong.kind());
        assertEquals("invalid_api_key", wrong.code());
        assertFalse(wrong.getMessage().contains("sk-wrong-secret"));
        assertEquals(2, records.size(), "each refusal is recorded");
        assertEquals(io.llmbridge.domain.Outcome.FAILURE, records.get(1).ending().outcome());
        assertEquals(null, records.get(1).request().caller());
        assertEquals(wrong, records.get(1).ending().error());
    }
}
