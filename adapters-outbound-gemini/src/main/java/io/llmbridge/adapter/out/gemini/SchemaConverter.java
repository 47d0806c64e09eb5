package io.llmbridge.adapter.out.gemini;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON Schema, as OpenAI clients write them, into Gemini's {@code Schema} (a subset of
 * OpenAPI 3.0). Keywords Gemini lacks are removed when they only annotate or loosen-check
 * ({@link #DROPPED}); keywords whose loss would change the shape of valid data are refused, so a
 * client never gets output for a schema other than the one it sent.
 */
final class SchemaConverter {
    /** Copied as they are: Gemini's Schema has the same field with the same meaning. */
    private static final Set<String> KEPT = Set.of("format", "title", "description", "nullable", "enum", "required",
            "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
            "minimum", "maximum", "default", "example", "propertyOrdering");
    /** Removed: annotations, or checks whose absence only makes the schema more permissive. */
    private static final Set<String> DROPPED = Set.of("$schema", "$id", "$comment", "$anchor", "$defs", "definitions",
            "additionalProperties", "strict", "examples", "readOnly", "writeOnly", "deprecated",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "unevaluatedProperties",
            "contentEncoding", "contentMediaType");
    private static final String NULL = "null";

    private final Map<String, Object> root;
    private final boolean orderProperties;
    private final Set<String> resolving = new HashSet<>();

    private SchemaConverter(Map<String, Object> root, boolean orderProperties) {
        this.root = root;
        this.orderProperties = orderProperties;
    }

    /**
     * @param path            where the schema sits in the request, to name in errors
     * @param orderProperties whether to add {@code propertyOrdering}: Gemini otherwise writes the
     *                        properties of structured output in alphabetical order, not the schema's
     */
    static Map<String, Object> convert(Object schema, String path, boolean orderProperties) {
        Map<String, Object> root = Values.object(schema);
        if (root == null) {
            throw Refusals.invalid(path, "a JSON Schema object", schema);
        }
        return new SchemaConverter(root, orderProperties).node(root, path);
    }

    private Map<String, Object> node(Object value, String path) {
        Map<String, Object> schema = Values.object(value);
        if (schema == null) {
            throw Refusals.invalid(path, "a JSON Schema object", value);
        }
        if (schema.get("$ref") instanceof String ref) {
            return referenced(ref, schema, path);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        schema.forEach((keyword, argument) -> keyword(keyword, argument, path, out));
        if (orderProperties && out.get("properties") instanceof Map<?, ?> properties && !out.containsKey("propertyOrdering")) {
            out.put("propertyOrdering", new ArrayList<>(properties.keySet()));
        }
        return out;
    }

    private void keyword(String keyword, Object argument, String path, Map<String, Object> out) {
        String at = path + "." + keyword;
        switch (keyword) {
            case "type" -> type(argument, at, out);
            case "properties" -> out.put("properties", properties(argument, at));
            case "items" -> out.put("items", node(argument, at));
            case "anyOf", "oneOf" -> alternatives(argument, at, out);
            case "const" -> {
                if (!(argument instanceof String)) {
                    throw Refusals.untranslatable(at, "Gemini's schema can only fix a value to one of a list of strings.");
                }
                out.put("enum", List.of(argument));
            }
            default -> {
                if (KEPT.contains(keyword)) {
                    out.put(keyword, argument);
                } else if (!DROPPED.contains(keyword) && !keyword.startsWith("x-")) {
                    throw Refusals.untranslatable(at, "Gemini's schema has no '" + keyword + "' keyword.");
                }
            }
        }
    }

    /** {@code ["string", "null"]} is how JSON Schema says nullable; Gemini says it with a flag. */
    private static void type(Object argument, String at, Map<String, Object> out) {
        if (argument instanceof String type) {
            out.put("type", type);
            return;
        }
        if (!(argument instanceof List<?> types) || types.isEmpty() || !types.stream().allMatch(String.class::isInstance)) {
            throw Refusals.invalid(at, "a type name or a non-empty array of type names", argument);
        }
        List<?> named = types.stream().filter(type -> !NULL.equals(type)).toList();
        if (named.size() < types.size()) {
            out.put("nullable", true);
        }
        if (named.isEmpty()) {
            out.put("type", NULL);
        } else if (named.size() == 1) {
            out.put("type", named.getFirst());
        } else {
            out.put("anyOf", named.stream().map(type -> Map.of("type", type)).toList());
        }
    }

    private Map<String, Object> properties(Object argument, String at) {
        Map<String, Object> properties = Values.object(argument);
        if (properties == null) {
            throw Refusals.invalid(at, "an object", argument);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((name, schema) -> out.put(name, node(schema, at + "." + name)));
        return out;
    }

    /**
     * Gemini reads {@code oneOf} as {@code anyOf} in any case. A {@code null} alternative, as in
     * {@code Optional[X]} from Pydantic, becomes {@code nullable}; one alternative left is inlined.
     */
    private void alternatives(Object argument, String at, Map<String, Object> out) {
        if (!(argument instanceof List<?> list) || list.isEmpty()) {
            throw Refusals.invalid(at, "a non-empty array of schemas", argument);
        }
        List<Map<String, Object>> branches = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> branch = node(list.get(i), at + "[" + i + "]");
            if (branch.size() == 1 && NULL.equals(branch.get("type"))) {
                out.put("nullable", true);
            } else {
                branches.add(branch);
            }
        }
        if (branches.size() == 1) {
            branches.getFirst().forEach(out::putIfAbsent);
        } else if (!branches.isEmpty()) {
            out.put("anyOf", branches);
        }
    }

    /**
     * Gemini's schema has no references: local ones are inlined, with the referring schema's own
     * keywords (often a description) laid over the target. A cycle cannot be inlined.
     */
    private Map<String, Object> referenced(String ref, Map<String, Object> referrer, String path) {
        String at = path + ".$ref";
        if (!resolving.add(ref)) {
            throw Refusals.untranslatable(at, "'" + ref + "' refers to itself, and Gemini's schema cannot express recursion.");
        }
        Map<String, Object> merged = new LinkedHashMap<>(target(ref, at));
        referrer.forEach((keyword, argument) -> {
            if (!"$ref".equals(keyword)) {
                merged.put(keyword, argument);
            }
        });
        Map<String, Object> converted = node(merged, path);
        resolving.remove(ref);
        return converted;
    }

    private Map<String, Object> target(String ref, String at) {
        if (!ref.equals("#") && !ref.startsWith("#/")) {
            throw Refusals.untranslatable(at, "only references inside the schema (#/...) can be inlined, not '" + ref + "'.");
        }
        Object node = root;
        for (String token : ref.length() > 2 ? ref.substring(2).split("/") : new String[0]) {
            node = Values.object(node) == null ? null
                    : Values.object(node).get(token.replace("~1", "/").replace("~0", "~"));
        }
        Map<String, Object> target = Values.object(node);
        if (target == null) {
            throw Refusals.invalid(at, "a reference to a schema inside this one", ref);
        }
        return target;
    }
}
