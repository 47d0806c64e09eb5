package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessKeysVariableTest {
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
}
