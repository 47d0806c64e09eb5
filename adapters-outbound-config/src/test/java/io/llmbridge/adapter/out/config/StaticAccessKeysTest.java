package io.llmbridge.adapter.out.config;

import io.llmbridge.domain.Caller;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticAccessKeysTest {

    @Test
    void a_comma_separated_list_names_each_key_by_a_short_hash() {
        StaticAccessKeys keys = StaticAccessKeys.parse(" key-one , key-two,");
        assertEquals(2, keys.size());
        Caller caller = keys.authenticate("key-two").orElseThrow();
        assertTrue(caller.name().matches("key-[0-9a-f]{8}"), caller.name());
        assertFalse(caller.name().contains("two"));
        assertTrue(keys.authenticate("key-three").isEmpty());
        assertTrue(keys.authenticate("").isEmpty());
        assertTrue(keys.authenticate(null).isEmpty());
    }

    @Test
    void a_json_list_works_too() {
        assertTrue(StaticAccessKeys.parse("[\"a-key\", \"b-key\"]").authenticate("b-key").isPresent());
    }

    @Test
    void a_json_object_names_keys_and_may_make_one_admin() {
        StaticAccessKeys keys = StaticAccessKeys.parse("{\"k1\":\"team-a\",\"k2\":{\"name\":\"ops\",\"role\":\"admin\"}}");
        assertEquals(new Caller("team-a", Caller.Role.USER), keys.authenticate("k1").orElseThrow());
        assertEquals(new Caller("ops", Caller.Role.ADMIN), keys.authenticate("k2").orElseThrow());
    }

    @Test
    void no_keys_refuse_everyone() {
        assertTrue(StaticAccessKeys.parse(null).isEmpty());
        assertTrue(StaticAccessKeys.parse("  ").authenticate("anything").isEmpty());
    }

    @Test
    void a_broken_value_is_reported_without_quoting_the_keys() {
        InvalidAccessKeys broken = assertThrows(InvalidAccessKeys.class, () -> StaticAccessKeys.parse("{\"sk-secret-1\": "));
        assertFalse(broken.getMessage().contains("sk-secret-1"));
        InvalidAccessKeys badRole = assertThrows(InvalidAccessKeys.class,
                () -> StaticAccessKeys.parse("{\"sk-secret-2\":{\"name\":\"x\",\"role\":\"root\"}}"));
        assertFalse(badRole.getMessage().contains("sk-secret-2"));
    }
}
