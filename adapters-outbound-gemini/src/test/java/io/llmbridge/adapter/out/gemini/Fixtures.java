package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Files under {@code src/test/resources/gemini/}: what clients send, what Gemini answers, what must come out. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/gemini/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture gemini/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> json(String name) {
        return PlainJson.parseObject(text(name));
    }

    /** One JSON object a line. */
    static List<Map<String, Object>> jsonLines(String name) {
        return text(name).lines().filter(line -> !line.isBlank()).map(PlainJson::parseObject).toList();
    }

    static ChatRequest request(String name) {
        return ChatRequest.from(json(name));
    }

    /** Equal as JSON (key order aside), with both sides shown as JSON when they are not. */
    static void assertSameJson(Object expected, Object actual) {
        assertEquals(expected, actual, () -> "\nexpected: " + PlainJson.write(expected) + "\nactual:   " + PlainJson.write(actual) + "\n");
    }
}
