package io.llmbridge.adapter.out.gemini;

import java.util.Map;
import java.util.Set;

/** {@code response_format} → Gemini's {@code responseMimeType} and {@code responseSchema}. */
final class ResponseFormat {
    private static final String JSON = "application/json";
    /** {@code name}, {@code description} and {@code strict} describe the schema to OpenAI; Gemini needs the schema only. */
    private static final Set<String> JSON_SCHEMA_FIELDS = Set.of("name", "description", "schema", "strict");

    private ResponseFormat() {
    }

    static void apply(Object value, RequestTranslator.GeminiRequest target) {
        Map<String, Object> format = Values.object(value);
        String type = Values.string(format, "type");
        switch (type == null ? "" : type) {
            case "text" -> {
                // Gemini's default output
            }
            case "json_object" -> target.generation("responseMimeType", JSON);
            case "json_schema" -> jsonSchema(Values.object(format, "json_schema"), target);
            default -> throw Refusals.invalid("response_format.type", "'text', 'json_object' or 'json_schema'", type);
        }
    }

    /**
     * The schema goes as Gemini's {@code responseSchema}, converted like tool parameters, with
     * the schema's property order kept: OpenAI writes structured output in that order.
     */
    private static void jsonSchema(Map<String, Object> jsonSchema, RequestTranslator.GeminiRequest target) {
        if (jsonSchema == null) {
            throw Refusals.invalid("response_format.json_schema", "an object", null);
        }
        jsonSchema.forEach((field, value) -> {
            if (value != null && !JSON_SCHEMA_FIELDS.contains(field)) {
                throw Refusals.untranslatable("response_format.json_schema." + field, "Gemini has no such setting.");
            }
        });
        target.generation("responseMimeType", JSON);
        if (jsonSchema.get("schema") != null) {
            target.generation("responseSchema",
                    SchemaConverter.convert(jsonSchema.get("schema"), "response_format.json_schema.schema", true));
        }
    }
}
