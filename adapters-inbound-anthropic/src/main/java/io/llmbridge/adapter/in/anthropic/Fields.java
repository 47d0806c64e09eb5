package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.JsonValues;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a Messages request's plain JSON values. Each wrong type is the client's mistake,
 * answered as {@code invalid_request_error} naming where it is.
 */
final class Fields {
    private Fields() {
    }

    static Map<String, Object> object(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        throw wrongType(where, "an object", value);
    }

    static List<?> array(Object value, String where) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(where, "an array", value);
    }

    static String string(Object value, String where) {
        if (value instanceof String text) {
            return text;
        }
        throw wrongType(where, "a string", value);
    }

    /** A field that must be there, as a string. */
    static String requiredString(Map<String, Object> object, String field, String where) {
        if (!object.containsKey(field)) {
            throw BridgeException.invalidRequest(where, where + ": field required.");
        }
        return string(object.get(field), where);
    }

    /** An object of the given keys and values, in their order, as the client will read it. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    static BridgeException wrongType(String where, String expected, Object value) {
        return BridgeException.invalidRequest(where, where + " must be " + expected + ", not " + JsonValues.typeName(value) + ".");
    }
}
