package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit masks the gateway's keys in the forms an upstream or a client echoes them in. */
class RedactionTest {
    private static final String PROVIDER_KEY = "pk-upstream/0123456789+abc=";
    private final Redaction redaction = new Redaction(List.of(new Secret(PROVIDER_KEY), new Secret("pin7")));

    @Test
    void a_key_echoed_json_escaped_url_encoded_or_in_part_is_masked() {
        assertEquals("body {\"error\":\"bad key [REDACTED]\"}",
                redaction.scrub("body {\"error\":\"bad key pk-upstream\\/0123456789+abc\\u003d\"}"));
        assertEquals("GET /x?token=[REDACTED]", redaction.scrub("GET /x?token=pk-upstream%2F0123456789%2Babc%3D"));
        assertEquals("Incorrect API key provided: [REDACTED].", redaction.scrub("Incorrect API key provided: pk-up**********abc=."));
    }

    @Test
    void a_short_secret_is_masked_too() {
        assertEquals("the pin was [REDACTED]", redaction.scrub("the pin was pin7"));
    }
}
