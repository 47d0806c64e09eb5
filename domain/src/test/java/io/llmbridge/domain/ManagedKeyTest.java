package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagedKeyTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static ManagedKey key(Instant expiresAt) {
        return ManagedKey.issued("0123456789abcdef", "ci-bot", "platform", Caller.Role.USER, ModelAllowList.ANY,
                expiresAt, Map.of("rpm", 60), null, NOW);
    }

    @Test
    void a_key_is_active_until_it_expires_is_disabled_or_is_revoked() {
        ManagedKey key = key(NOW.plusSeconds(60));
        assertTrue(key.activeAt(NOW));
        assertFalse(key.activeAt(NOW.plusSeconds(60)));
        assertFalse(KeyUpdate.NONE.disabled(true).applyTo(key).activeAt(NOW));
        assertFalse(key.revokedAt(NOW).activeAt(NOW));
    }

    @Test
    void names_longer_than_the_limit_or_blank_are_refused_with_the_field_named() {
        String huge = "n".repeat(10_000);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ManagedKey.issued("0123456789abcdef", huge, null, Caller.Role.USER, ModelAllowList.ANY, null,
                        null, null, NOW));
        assertTrue(error.getMessage().startsWith("name must be at most 128 characters"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyUpdate.NONE.team(" ").applyTo(key(null)));
    }

    @Test
    void an_update_changes_what_it_names_clears_what_it_sets_to_null_and_keeps_the_rest() {
        ManagedKey updated = KeyUpdate.NONE.team(null).role(Caller.Role.ADMIN)
                .models(ModelAllowList.of(List.of("echo/*"))).applyTo(key(NOW.plusSeconds(5)));
        assertNull(updated.team());
        assertEquals(Caller.Role.ADMIN, updated.role());
        assertEquals(List.of("echo/*"), updated.models().patterns());
        assertEquals(NOW.plusSeconds(5), updated.expiresAt());
        assertEquals(Map.of("rpm", 60), updated.limits());
        assertEquals("ci-bot", updated.name());
    }

    @Test
    void an_issued_key_parses_back_and_only_its_own_secret_matches_its_hash() {
        PresentedKey issued = PresentedKey.generate(RANDOM);
        String full = issued.value().reveal();
        assertTrue(full.startsWith("llmb-" + issued.publicId() + "-"), "the public id is readable in the key");
        assertTrue(full.length() >= 5 + 16 + 1 + 43);
        PresentedKey parsed = PresentedKey.parse(full).orElseThrow();
        assertEquals(issued, parsed);

        KeyHash hash = issued.hash(RANDOM);
        assertTrue(hash.matches(parsed.secret()));
        assertFalse(hash.matches(PresentedKey.generate(RANDOM).secret()));
        assertEquals(hash, KeyHash.decode(hash.encodedSalt(), hash.encodedHash()), "survives storage");
        assertNotEquals(hash.encodedHash(), issued.hash(RANDOM).encodedHash(), "a fresh salt per hash");
    }

    @Test
    void keys_of_another_shape_do_not_parse_as_managed_keys() {
        String good = PresentedKey.generate(RANDOM).value().reveal();
        for (String other : List.of("sk-static-key", "llmb-", good + "x", good.replace("llmb-", "llmc-"),
                good.substring(0, 10).toUpperCase() + good.substring(10))) {
            assertTrue(PresentedKey.parse(other).isEmpty(), other);
        }
    }

    @Test
    void nothing_secret_shows_in_to_string() {
        PresentedKey issued = PresentedKey.generate(RANDOM);
        assertFalse(issued.toString().contains(issued.secret()));
        assertFalse(issued.hash(RANDOM).toString().contains(issued.hash(RANDOM).encodedHash()));
    }
}
