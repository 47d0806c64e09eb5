package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import org.junit.jupiter.api.Test;

import static io.llmbridge.adapter.out.gemini.Fixtures.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON Schema forms clients (Pydantic, Zod, hand-written) send, as Gemini's Schema. */
class SchemaConverterTest {

    @Test
    void reads_one_of_as_any_of_and_a_null_alternative_as_nullable() {
        assertConverted("""
                {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}""", """
                {"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]}""");
    }

    @Test
    void writes_several_types_as_alternatives() {
        assertConverted("""
                {"type": ["string", "number", "null"], "description": "an id"}""", """
                {"nullable": true, "anyOf": [{"type": "string"}, {"type": "number"}], "description": "an id"}""");
    }

    @Test
    void writes_a_constant_string_as_a_one_value_enum_and_drops_extensions_and_annotations() {
        assertConverted("""
                {"const": "fixed", "x-order": 3, "examples": ["fixed"], "readOnly": true}""", """
                {"enum": ["fixed"]}""");
    }

    @Test
    void inlines_a_reference_with_the_referring_schemas_own_keywords_on_top() {
        assertConverted("""
                {"type": "object",
                 "properties": {"a": {"$ref": "#/definitions/Id", "description": "the first"},
                                "b": {"$ref": "#/definitions/Id"}},
                 "definitions": {"Id": {"type": "string", "description": "an id", "pattern": "^[a-z]+$"}}}""", """
                {"type": "object",
                 "properties": {"a": {"type": "string", "description": "the first", "pattern": "^[a-z]+$"},
                                "b": {"type": "string", "description": "an id", "pattern": "^[a-z]+$"}}}""");
    }

    @Test
    void refuses_tuples_which_gemini_cannot_express() {
        BridgeException error = assertThrows(BridgeException.class, () -> SchemaConverter.convert(
                PlainJson.parseObject("{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}"), "p", false));
        assertEquals("p.items", error.param());
    }

    @Test
    void refuses_a_constant_that_is_not_a_string() {
        BridgeException error = assertThrows(BridgeException.class,
                () -> SchemaConverter.convert(PlainJson.parseObject("{\"const\": 3}"), "p", false));
        assertEquals("p.const", error.param());
    }

    private static void assertConverted(String schema, String expected) {
        assertSameJson(PlainJson.parseObject(expected), SchemaConverter.convert(PlainJson.parseObject(schema), "p", false));
    }
}
