package io.llmbridge.adapter.out.config;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticAccessKeysTest {
    private static final String KEY_ONE = "sk-team-one-4f8a2c9e71";
    private static final String KEY_TWO = "sk-team-two-b3d60e5f18";

    private static StaticAccessKeys parse(String text) {
        return StaticAccessKeys.parse(text, WeakKeys.REFUSED);
    }

    private static String refusal(String text) {
        return assertThrows(InvalidAccessKeys.class, () -> parse(text)).getMessage();
    }

    @Test
    void a_comma_separated_list_names_each_key_by_a_short_name() {
        StaticAccessKeys keys = parse(" " + KEY_ONE + " , " + KEY_TWO + ",");
        assertEquals(2, keys.size());
        Caller caller = keys.authenticate(KEY_TWO).orElseThrow();
        assertTrue(caller.name().matches("key-[0-9a-f]{8}"), caller.name());
        assertFalse(caller.name().contains("two"));
        assertTrue(keys.authenticate("sk-team-three-00000000").isEmpty());
        assertTrue(keys.authenticate("").isEmpty());
        assertTrue(keys.authenticate(null).isEmpty());
    }

    @Test
    void an_unnamed_keys_name_cannot_be_checked_against_a_guessed_key() {
        String unsaltedHash = new Secret(KEY_ONE).fingerprint().substring("sha256:".length());
        String first = parse(KEY_ONE).authenticate(KEY_ONE).orElseThrow().name();
        String second = parse(KEY_ONE).authenticate(KEY_ONE).orElseThrow().name();
        assertNotEquals("key-" + unsaltedHash, first);
        assertNotEquals(first, second, "each reading draws a new salt, as each start does");
    }

    @Test
    void a_json_list_works_too() {
        assertTrue(parse("[\"" + KEY_ONE + "\", \"" + KEY_TWO + "\"]").authenticate(KEY_TWO).isPresent());
    }

    @Test
    void a_json_object_names_keys_and_may_make_one_admin() {
        StaticAccessKeys keys = parse("{\"" + KEY_ONE + "\":\"team-a\",\"" + KEY_TWO + "\":{\"name\":\"ops\",\"role\":\"admin\"}}");
        assertEquals(new Caller("team-a", Caller.Role.USER), keys.authenticate(KEY_ONE).orElseThrow());
        assertEquals(new Caller("ops", Caller.Role.ADMIN), keys.authenticate(KEY_TWO).orElseThrow());
    }

    @Test
    void no_keys_refuse_everyone() {
        assertTrue(parse(null).isEmpty());
        assertTrue(parse("  ").authenticate("anything").isEmpty());
    }

    @Test
    void a_broken_value_is_reported_without_quoting_the_keys() {
        String broken = refusal("{\"sk-secret-1\": ");
        assertFalse(broken.contains("sk-secret-1"));
        String badRole = refusal("{\"sk-secret-2\":{\"name\":\"x\",\"role\":\"root\"}}");
        assertFalse(badRole.contains("sk-secret-2"));
    }

    @Test
    void the_quick_start_placeholder_is_refused_by_its_position() {
        assertEquals("key 2 is a placeholder, not a key: use a random key of at least 16 characters "
                + "(LLM_BRIDGE_INSECURE_DEMO_KEYS=true accepts it, for a local demo only)", refusal(KEY_ONE + ",change-me"));
    }

    @Test
    void obvious_placeholders_are_refused_whatever_their_length_and_spelling() {
        for (String placeholder : List.of("changeme", "Change_Me", "CHANGE-ME-BEFORE-PRODUCTION", "your-key-here",
                "sk-your-api-key-goes-here", "secret", "password", "test", "xxxxxxxxxxxxxxxxxxxxxxxx")) {
            String refusal = refusal("{\"" + placeholder + "\":\"team-a\"}");
            assertTrue(refusal.startsWith("key 'team-a' is a placeholder"), refusal);
            assertFalse(refusal.contains(placeholder), refusal);
        }
    }

    @Test
    void a_key_shorter_than_16_characters_is_refused_by_its_name() {
        String refusal = refusal("{\"" + KEY_ONE + "\":\"team-a\",\"k7Qp2xWm9Lr4Tz\":\"team-b\"}");
        assertTrue(refusal.startsWith("key 'team-b' is shorter than 16 characters"), refusal);
        assertFalse(refusal.contains("k7Qp2xWm9Lr4Tz"), refusal);
        assertEquals(1, parse("k7Qp2xWm9Lr4Tz0a").size(), "16 characters are enough");
    }

    @Test
    void two_keys_with_one_name_are_refused() {
        assertEquals("keys 1 and 2 share the name 'team-a'; each key needs a name of its own, or usage would be counted together",
                refusal("{\"" + KEY_ONE + "\":\"team-a\",\"" + KEY_TWO + "\":{\"name\":\"team-a\",\"role\":\"admin\"}}"));
        assertEquals("key 3 repeats key 1", refusal(KEY_ONE + "," + KEY_TWO + "," + KEY_ONE));
    }

    @Test
    void the_demo_flag_accepts_weak_keys_and_counts_them_but_not_a_shared_name() {
        StaticAccessKeys keys = StaticAccessKeys.parse("change-me," + KEY_ONE + ",short", WeakKeys.ACCEPTED);
        assertEquals(3, keys.size());
        assertEquals(2, keys.weak());
        assertTrue(keys.authenticate("change-me").isPresent());
        assertThrows(InvalidAccessKeys.class,
                () -> StaticAccessKeys.parse("{\"change-me\":\"demo\",\"" + KEY_ONE + "\":\"demo\"}", WeakKeys.ACCEPTED));
        assertEquals(0, parse(KEY_ONE).weak());
    }
}
