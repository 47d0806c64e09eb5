package io.llmbridge.adapter.support.json;

import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainJsonTest {

    @Test
    void a_document_read_and_written_again_keeps_field_order_and_number_text() {
        String text = "{\"z\":1,\"a\":0.70,\"m\":[true,null,\"x\\u00e9\"],\"big\":123456789012345678901234567890,\"e\":1.5E+3,\"o\":{}}";
        assertEquals(text.replace("\\u00e9", "é"), PlainJson.write(PlainJson.parseObject(text)));
    }

    @Test
    void integral_numbers_become_longs_and_fractions_decimals() {
        Map<String, Object> parsed = PlainJson.parseObject("{\"n\":42,\"f\":0.5}");
        assertEquals(42L, parsed.get("n"));
        assertEquals("0.5", parsed.get("f").toString());
    }

    @Test
    void reads_utf8_from_a_stream() {
        var in = new ByteArrayInputStream("{\"text\":\"你好\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("你好", PlainJson.parseObject(in).get("text"));
    }

    @Test
    void a_large_body_with_an_inline_image_reads_as_the_same_values_as_a_small_one() {
        String image = "data:image/png;base64," + "iVBORw0KGgo".repeat(100_000);
        String text = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Was ist das? 你好 \\u00e9 😀\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + image + "\"}}]}],\"temperature\":0.70}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length > PlainJson.LARGE_DOCUMENT_BYTES);

        Map<String, Object> parsed = PlainJson.parseObject(utf8);

        assertEquals(PlainJson.parseObject(text), parsed);
        assertEquals(text.replace("\\u00e9", "é"), PlainJson.write(parsed));
        assertThrows(JsonException.class, () -> PlainJson.parseObject(java.util.Arrays.copyOf(utf8, utf8.length - 1)));
        assertThrows(PlainJson.NotAnObjectException.class,
                () -> PlainJson.parseObject(("[\"" + image + "\"]").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformed_json_and_trailing_garbage_are_refused() {
        assertThrows(JsonException.class, () -> PlainJson.parseObject("{\"a\":"));
        assertThrows(JsonException.class, () -> PlainJson.parseObject("{} {}"));
        assertThrows(JsonException.class, () -> PlainJson.parseObject(""));
    }

    @Test
    void a_top_level_array_is_reported_with_its_type() {
        var error = assertThrows(PlainJson.NotAnObjectException.class, () -> PlainJson.parseObject("[1]"));
        assertEquals("array", error.jsonType());
        assertInstanceOf(List.class, PlainJson.parse("[1]"));
    }
}
