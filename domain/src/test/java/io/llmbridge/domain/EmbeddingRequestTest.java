package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingRequestTest {
    private static EmbeddingRequest read(Object input, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "p/m");
        body.put("input", input);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return EmbeddingRequest.from(body);
    }

    private static String refusal(Object input, Object... more) {
        BridgeException e = assertThrows(BridgeException.class, () -> read(input, more));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        return e.getMessage();
    }

    @Test
    void every_input_shape_openai_takes_is_read_in_order() {
        assertEquals(List.of(EmbeddingRequest.Input.text("one")), read("one").inputs());
        assertEquals(List.of(EmbeddingRequest.Input.text("a"), EmbeddingRequest.Input.text("b")), read(List.of("a", "b")).inputs());
        assertEquals(List.of(EmbeddingRequest.Input.tokens(List.of(1L, 2L))), read(List.of(1L, 2L)).inputs());
        assertEquals(List.of(EmbeddingRequest.Input.tokens(List.of(1L)), EmbeddingRequest.Input.tokens(List.of(2L, 3L))),
                read(List.of(List.of(1L), List.of(2L, 3L))).inputs());
    }

    @Test
    void encoding_and_dimensions_are_read_and_the_body_kept_whole() {
        EmbeddingRequest request = read("x", "encoding_format", "base64", "dimensions", 256L, "user", "u");
        assertTrue(request.base64());
        assertEquals(256L, request.dimensions());
        assertEquals("u", request.body().get("user"));
        assertFalse(read("x", "encoding_format", "float").base64());
        assertNull(read("x").dimensions());
        assertEquals("upstream-id", request.bodyFor("upstream-id").get("model"));
        assertEquals("p/m", request.body().get("model"));
    }

    @Test
    void malformed_inputs_are_refused_saying_what_is_wrong() {
        assertTrue(refusal(null).contains("'input' is required"));
        assertTrue(refusal(42L).contains("not number"), refusal(42L));
        assertTrue(refusal(List.of()).contains("empty array"));
        assertTrue(refusal("").contains("empty string"));
        assertTrue(refusal(List.of("a", 1L)).contains("'input[1]' must be a string"));
        assertTrue(refusal(List.of(List.of("a"))).contains("token ids"));
        assertTrue(refusal(List.of(List.of(1L), List.of())).contains("'input[1]' must not be an empty array"));
        assertTrue(refusal(List.of(new java.math.BigDecimal("1.5"))).contains("token ids"));
        assertTrue(refusal(List.of(-1L)).contains("token ids"));
    }

    @Test
    void bad_options_are_refused() {
        assertTrue(refusal("x", "encoding_format", "hex").contains("'float' or 'base64'"));
        assertTrue(refusal("x", "dimensions", 0L).contains("positive integer"));
        assertTrue(refusal("x", "dimensions", "8").contains("positive integer"));
        assertTrue(refusal("x", "user", 5L).contains("'user' must be a string"));
        assertThrows(BridgeException.class, () -> EmbeddingRequest.from(Map.of("input", "x")));
    }
}
