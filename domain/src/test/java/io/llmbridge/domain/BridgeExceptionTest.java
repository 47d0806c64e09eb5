package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BridgeExceptionTest {
    private static final ModelRoute ROUTE = new ModelRoute(ModelRef.parse("p/m"), "m", null, Duration.ofSeconds(3), ParamRules.NONE);

    @Test
    void a_timeout_names_the_provider_and_the_timeout_the_operator_configured() {
        BridgeException timeout = BridgeException.upstreamTimeout("p", ROUTE).build();
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, timeout.kind());
        assertEquals("upstream_timeout", timeout.code());
        assertEquals("Provider 'p' did not answer within 3000 ms (the timeout of p/m).", timeout.getMessage());
        assertEquals("Provider 'p' did not answer within 3000 ms (the timeout of p/m, retries included).",
                BridgeException.upstreamTimeoutWithRetries("p", ROUTE).build().getMessage());
    }
}
