package io.llmbridge.adapter.support.json;

import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input past a limit is refused like any other bad JSON: a JsonException that says which limit. */
class PlainJsonLimitsTest {

    private static String nestedArrays(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    /** Each entry point the adapters use, on {@code value} and on an object holding it. */
    private static List<JsonException> failures(String value) {
        String text = "{\"a\":" + value + "}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = (text + " ".repeat(PlainJson.LARGE_DOCUMENT_BYTES)).getBytes(StandardCharsets.UTF_8);
        return List.of(
                assertThrows(JsonException.class, () -> PlainJson.parseObject(text)),
                assertThrows(JsonException.class, () -> PlainJson.parseObject(utf8)),
                assertThrows(JsonException.class, () -> PlainJson.parseObject(padded)),
                assertThrows(JsonException.class, () -> PlainJson.parseObject(new java.io.ByteArrayInputStream(utf8))),
                assertThrows(JsonException.class, () -> PlainJson.parse(value)));
    }

    @Test
    void malformed_utf_8_is_refused_and_a_replacement_character_sent_as_such_is_read() {
        byte[] malformed = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        byte[] large = new byte[PlainJson.LARGE_DOCUMENT_BYTES + malformed.length];
        java.util.Arrays.fill(large, (byte) ' ');
        System.arraycopy(malformed, 0, large, 0, malformed.length);
        for (byte[] document : List.of(malformed, large)) {
            assertEquals("the text is not valid UTF-8",
                    assertThrows(JsonException.class, () -> PlainJson.parseObject(document)).getMessage());
        }
        assertEquals(Map.of("a", "\uFFFD"), PlainJson.parseObject("{\"a\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nesting_up_to_the_limit_is_read() {
        Map<String, Object> parsed = PlainJson.parseObject("{\"a\":" + nestedArrays(PlainJson.MAX_DEPTH - 1) + "}");
        assertTrue(parsed.get("a") instanceof List<?>);
    }

    @ParameterizedTest
    @ValueSource(ints = {PlainJson.MAX_DEPTH + 1, PlainJson.MAX_DEPTH + 2, 100_000})
    void nesting_deeper_than_the_limit_says_so(int levels) {
        for (JsonException failure : failures(nestedArrays(levels))) {
            assertEquals("the JSON is nested deeper than 1000 levels", failure.getMessage());
        }
    }

    @Test
    void deeply_nested_objects_say_so_too() {
        String text = "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
        assertEquals("the JSON is nested deeper than 1000 levels",
                assertThrows(JsonException.class, () -> PlainJson.parseObject(text)).getMessage());
    }

    @Test
    void a_number_at_the_length_limit_is_read() {
        String digits = "7".repeat(PlainJson.MAX_NUMBER_CHARS);
        assertEquals(digits, PlainJson.parseObject("{\"n\":" + digits + "}").get("n").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-1", "0.1", "1e5"})
    void a_number_longer_than_the_limit_says_so(String start) {
        String number = start + "1".repeat(PlainJson.MAX_NUMBER_CHARS);
        for (JsonException failure : failures(number)) {
            assertEquals("a JSON number is longer than 1100 characters", failure.getMessage());
        }
    }

    @Test
    void an_exponent_beyond_any_number_says_so() {
        for (JsonException failure : failures("1e99999999999")) {
            assertEquals("a JSON number's exponent is out of range", failure.getMessage());
        }
    }

    @Test
    void a_huge_but_representable_exponent_is_kept_as_written() {
        assertEquals("{\"n\":1E+999999999}", PlainJson.write(PlainJson.parseObject("{\"n\":1e999999999}")));
    }
}
