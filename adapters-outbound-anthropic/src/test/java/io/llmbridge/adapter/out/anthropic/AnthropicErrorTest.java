package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.UpstreamFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Anthropic's documented errors keep their meaning for the client and the gateway's retries. */
class AnthropicErrorTest {
    @RegisterExtension
    static final AnthropicMock anthropic = new AnthropicMock();

    private static BridgeException failure() {
        return assertThrows(BridgeException.class, () -> anthropic.provider().complete(AnthropicMock.route(),
                ChatRequest.from(Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi"))))));
    }

    @Test
    void overloaded_is_unavailable_and_worth_another_call() {
        anthropic.answerFixture(529, "error-overloaded.json");
        BridgeException error = failure();
        assertEquals(ErrorKind.UNAVAILABLE, error.kind());
        assertEquals(UpstreamFailure.TRANSIENT, error.upstreamFailure());
        assertEquals(529, error.upstreamStatus());
    }

    @Test
    void a_rate_limit_keeps_retry_after() {
        anthropic.answer(429, AnthropicMock.fixture("error-rate-limit.json"), "application/json", Map.of("retry-after", "17"));
        BridgeException error = failure();
        assertEquals(ErrorKind.RATE_LIMITED, error.kind());
        assertEquals("17", error.retryAfter());
    }

    @Test
    void a_refused_key_is_the_gateways_502_naming_the_variable_not_anthropics_words() {
        anthropic.answerFixture(401, "error-authentication.json");
        BridgeException error = failure();
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals(UpstreamFailure.KEY_REJECTED, error.upstreamFailure());
        assertEquals("Provider 'anthropic' rejected the gateway's API key (authentication_error); the operator should check ANTHROPIC_API_KEY.",
                error.getMessage());
        assertFalse(error.getMessage().contains(AnthropicMock.KEY));
    }

    @Test
    void an_invalid_request_is_the_clients_400_with_anthropics_message() {
        anthropic.answerFixture(400, "error-invalid-request.json");
        BridgeException error = failure();
        assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
        assertEquals(UpstreamFailure.REQUEST_REJECTED, error.upstreamFailure());
        assertEquals(true, error.getMessage().contains("roles must alternate"));
    }
}
