package io.llmbridge.adapter.support.json;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAiErrorsTest {

    @Test
    void a_failure_becomes_openai_error_json_with_every_field_in_openai_order() {
        BridgeException error = BridgeException.modelNotFound("nope/x");
        assertEquals("{\"error\":{\"message\":\"" + error.getMessage() + "\",\"type\":\"invalid_request_error\","
                + "\"param\":\"model\",\"code\":\"model_not_found\"}}", OpenAiErrors.json(error));
    }

    @Test
    void kinds_map_to_openai_error_types() {
        assertEquals("invalid_request_error", OpenAiErrors.type(ErrorKind.UNAUTHENTICATED));
        assertEquals("permission_error", OpenAiErrors.type(ErrorKind.PERMISSION_DENIED));
        assertEquals("rate_limit_error", OpenAiErrors.type(ErrorKind.RATE_LIMITED));
        assertEquals("upstream_error", OpenAiErrors.type(ErrorKind.UPSTREAM_TIMEOUT));
        assertEquals("service_unavailable_error", OpenAiErrors.type(ErrorKind.UNAVAILABLE));
        assertEquals("server_error", OpenAiErrors.type(ErrorKind.INTERNAL));
    }
}
