package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretTest {

    @Test
    void never_shows_its_value_when_printed() {
        Secret secret = new Secret("sk-very-secret-value");
        assertFalse(secret.toString().contains("very-secret"));
        assertTrue(secret.toString().contains(secret.fingerprint()));
    }

    @Test
    void equals_only_a_secret_of_the_same_value() {
        Secret secret = new Secret("key-1");
        assertEquals(secret, new Secret("key-1"));
        assertEquals(secret.hashCode(), new Secret("key-1").hashCode());
        assertNotEquals(secret, new Secret("key-2"));
        assertNotEquals(secret, new Secret("key-1 "));
        assertThrows(IllegalArgumentException.class, () -> new Secret(""));
    }

    @Test
    void redacts_every_occurrence_of_itself_from_a_text() {
        Secret secret = new Secret("sk-abc");
        assertEquals("key [redacted] and [redacted]", secret.redactFrom("key sk-abc and sk-abc"));
        assertEquals("nothing here", secret.redactFrom("nothing here"));
    }

    @Test
    void redacts_itself_json_escaped_wholly_or_in_part() {
        Secret secret = new Secret("ab/cd+ef==");
        // Python's ensure_ascii style: every character as a \\u escape.
        StringBuilder everyChar = new StringBuilder();
        secret.reveal().chars().forEach(c -> everyChar.append(String.format("\\u%04X", c)));
        assertEquals("{\"key\":\"[redacted]\"}", secret.redactFrom("{\"key\":\"" + everyChar + "\"}"));
        // Gson escapes '=', many serializers '/'.
        assertEquals("key [redacted].", secret.redactFrom("key ab/cd+ef\\u003d\\u003D."));
        assertEquals("key [redacted].", secret.redactFrom("key ab\\/cd+ef==."));
    }

    @Test
    void redacts_itself_url_encoded() {
        Secret secret = new Secret("ab/cd+ef==");
        assertEquals("GET /v1?key=[redacted]&x=1", secret.redactFrom("GET /v1?key=ab%2Fcd%2Bef%3D%3d&x=1"));
    }

    @Test
    void redacts_a_partial_echo_of_itself() {
        Secret secret = new Secret("sk-abcdef-not-a-key-wxyz");
        assertEquals("Incorrect API key provided: [redacted]. You can find your API key at …",
                secret.redactFrom("Incorrect API key provided: sk-abc*************wxyz. You can find your API key at …"));
        assertEquals("key [redacted] rejected", secret.redactFrom("key sk-ab...yz rejected"));
        assertEquals("key [redacted] rejected", secret.redactFrom("key sk-a…wxyz rejected"));
    }

    @Test
    void leaves_ordinary_words_around_stars_alone() {
        Secret secret = new Secret("sk-abcdef-not-a-key-wxyz");
        String[] ordinary = {"s***z", "sk-abc*****", "*****wxyz", "what the s***, wxyz", "so...yz", "sk-abc **** wxyz",
                "sk-abX*****wxyz", "sk-abc*****wxyZ", "a ** b"};
        for (String text : ordinary) {
            assertEquals(text, secret.redactFrom(text));
        }
    }

    @Test
    void redacts_a_secret_of_any_length() {
        assertEquals("pin [redacted], [redacted]", new Secret("42").redactFrom("pin 42, 4\\u0032"));
    }

    @Test
    void one_mask_covers_overlapping_secrets_and_text_without_them_is_the_same_instance() {
        SecretMasking masking = new SecretMasking(List.of(new Secret("abcdef"), new Secret("defgh")));
        assertEquals("x [m] y", masking.mask("x abcdefgh y", "[m]"));
        String clean = "nothing \\u0041 %41 *** here";
        assertSame(clean, masking.mask(clean, "[m]"));
    }

    @Test
    void the_fingerprint_is_short_and_stable() {
        assertEquals(new Secret("abc").fingerprint(), new Secret("abc").fingerprint());
        assertEquals("sha256:ba7816bf", new Secret("abc").fingerprint());
    }
}
