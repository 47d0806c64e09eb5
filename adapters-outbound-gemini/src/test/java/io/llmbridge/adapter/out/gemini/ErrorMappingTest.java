package io.llmbridge.adapter.out.gemini;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google's error bodies → the gateway's error kinds. The inbound adapter turns INVALID_REQUEST
 * into 400 (or the upstream's 404), RATE_LIMITED into 429, UPSTREAM_ERROR into 502 and
 * UPSTREAM_TIMEOUT into 504.
 */
class ErrorMappingTest {
    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    @ParameterizedTest(name = "{0} (HTTP {1}) → {2} {3}")
    @CsvSource({
            "INVALID_ARGUMENT,    400, INVALID_REQUEST,  400, invalid_argument",
            "FAILED_PRECONDITION, 400, INVALID_REQUEST,  400, failed_precondition",
            "NOT_FOUND,           404, INVALID_REQUEST,  404, not_found",
            "RESOURCE_EXHAUSTED,  429, RATE_LIMITED,     429, rate_limit_exceeded",
            "UNAVAILABLE,         503, UPSTREAM_ERROR,   503, upstream_error",
            "INTERNAL,            500, UPSTREAM_ERROR,   500, upstream_error",
            "DEADLINE_EXCEEDED,   504, UPSTREAM_TIMEOUT, 504, upstream_timeout",
    })
    void maps_googles_status_to_the_gateways_error_kind_and_passes_the_message_on(
            String status, int httpStatus, ErrorKind kind, int upstreamStatus, String code) {
        BridgeException error = failWith(httpStatus, status);
        assertEquals(kind, error.kind());
        assertEquals(upstreamStatus, error.upstreamStatus());
        assertEquals(code, error.code());
        String googleMessage = Values.string(Values.object(Fixtures.json("errors/" + status + ".json"), "error"), "message");
        assertTrue(error.getMessage().startsWith("Provider 'gemini' "), error.getMessage());
        assertTrue(error.getMessage().contains(googleMessage.strip()), error.getMessage());
    }

    @ParameterizedTest(name = "{0} (HTTP {1})")
    @CsvSource({"UNAUTHENTICATED, 401", "PERMISSION_DENIED, 403", "API_KEY_INVALID, 400"})
    void reports_a_rejected_provider_key_as_a_gateway_fault_naming_the_variable_never_the_key(String fixture, int httpStatus) {
        BridgeException error = failWith(httpStatus, fixture);
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals("upstream_authentication_failed", error.code());
        assertTrue(error.getMessage().contains("'gemini'") && error.getMessage().contains("GEMINI_API_KEY"), error.getMessage());
        assertFalse(error.getMessage().contains(GeminiMock.KEY), "the key must never be shown");
    }

    @Test
    void a_google_message_that_echoes_the_key_reaches_no_one_with_it() {
        gemini.answerJson(400, "{\"error\":{\"code\":400,\"message\":\"Bad value near " + GeminiMock.KEY
                + "\",\"status\":\"INVALID_ARGUMENT\"}}");
        BridgeException error = failure();
        assertFalse(error.getMessage().contains(GeminiMock.KEY), error.getMessage());
        assertTrue(error.getMessage().contains("Bad value near [redacted]"), error.getMessage());
    }

    @Test
    void passes_on_the_retry_delay_gemini_advises_as_whole_seconds() {
        assertEquals("48", failWith(429, "RESOURCE_EXHAUSTED").retryAfter());
    }

    @Test
    void reads_the_http_status_when_the_body_is_not_googles_error_json() {
        gemini.answerRaw(502, "text/html", "<html><body>Bad Gateway</body></html>");
        BridgeException error = failure();
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals(502, error.upstreamStatus());
        assertTrue(error.getMessage().contains("Bad Gateway"), error.getMessage());
    }

    @Test
    void reports_a_200_that_is_not_json_as_an_invalid_upstream_response() {
        gemini.answerRaw(200, "text/plain", "not json");
        BridgeException error = failure();
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals("upstream_invalid_response", error.code());
    }

    private static BridgeException failWith(int httpStatus, String fixture) {
        gemini.answer(httpStatus, "errors/" + fixture + ".json");
        return failure();
    }

    private static BridgeException failure() {
        return assertThrows(BridgeException.class,
                () -> gemini.provider().complete(GeminiMock.route(), Fixtures.request("plain-text/openai-request.json")));
    }
}
