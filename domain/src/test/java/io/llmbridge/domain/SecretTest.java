package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void the_fingerprint_is_short_and_stable() {
        assertEquals(new Secret("abc").fingerprint(), new Secret("abc").fingerprint());
        assertEquals("sha256:ba7816bf", new Secret("abc").fingerprint());
    }
}
