package io.llmbridge.bootstrap;

import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessKeysVariableTest {
    private static final String UNNAMED_KEY = "sk-unnamed-7c2f9a41d0e8";

    @Test
    void a_broken_value_stops_the_start_naming_the_variable_but_no_key() {
        ConfigProblem problem = assertThrows(ConfigProblem.class,
                () -> AccessKeysVariable.read(Map.of("ACCESS_API_KEYS", "{\"sk-secret-1\": ")));
        assertEquals("environment: ACCESS_API_KEYS: looks like JSON but is not valid JSON", problem.getMessage());
    }

    @Test
    void an_unset_variable_gives_no_keys() {
        assertTrue(AccessKeysVariable.read(Map.of()).isEmpty());
    }

    @Test
    void the_demo_flag_must_say_true_or_false() {
        assertEquals(1, AccessKeysVariable.read(Map.of("ACCESS_API_KEYS", "change-me", "LLM_BRIDGE_INSECURE_DEMO_KEYS", "TRUE")).size());
        ConfigProblem refused = assertThrows(ConfigProblem.class, () -> AccessKeysVariable.read(
                Map.of("ACCESS_API_KEYS", "change-me", "LLM_BRIDGE_INSECURE_DEMO_KEYS", "false")));
        assertTrue(refused.getMessage().startsWith("environment: ACCESS_API_KEYS: key 1 is a placeholder"), refused.getMessage());
        ConfigProblem unclear = assertThrows(ConfigProblem.class, () -> AccessKeysVariable.read(
                Map.of("ACCESS_API_KEYS", "change-me", "LLM_BRIDGE_INSECURE_DEMO_KEYS", "yes")));
        assertEquals("environment: LLM_BRIDGE_INSECURE_DEMO_KEYS: must be true or false", unclear.getMessage());
    }

    @Test
    void an_unnamed_keys_name_changes_with_every_start_and_is_not_its_hash() {
        Map<String, String> environment = Map.of("ACCESS_API_KEYS", UNNAMED_KEY);
        String first = AccessKeysVariable.read(environment).authenticate(UNNAMED_KEY).orElseThrow().name();
        String second = AccessKeysVariable.read(environment).authenticate(UNNAMED_KEY).orElseThrow().name();
        assertNotEquals(first, second);
        assertNotEquals("key-" + new Secret(UNNAMED_KEY).fingerprint().substring("sha256:".length()), first);
    }
}
