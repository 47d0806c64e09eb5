package io.llmbridge.adapter.in.http;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.JsonValues;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a Responses request's JSON values. Every refusal names the field as the client
 * wrote it ({@code input[2].content[0].type}), not the chat field it becomes.
 */
final class ResponsesFields {
    private ResponsesFields() {
    }

    static String string(Map<String, Object> object, String field, String where) {
        return typed(object, field, where, String.class, "a string");
    }

    static String requiredString(Map<String, Object> object, String field, String where) {
        String value = string(object, field, where);
        if (value == null) {
            throw missing(where, field, "a string");
        }
        return value;
    }

    static Number number(Map<String, Object> object, String field, String where) {
        return typed(object, field, where, Number.class, "a number");
    }

    static Boolean bool(Map<String, Object> object, String field, String where) {
        return typed(object, field, where, Boolean.class, "a boolean");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String field, String where) {
        return typed(object, field, where, Map.class, "an object");
    }

    static List<?> array(Map<String, Object> object, String field, String where) {
        return typed(object, field, where, List.class, "an array");
    }

    static Long positiveInteger(Map<String, Object> object, String field, String where) {
        Number value = number(object, field, where);
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        if (d >= 1 && d == Math.rint(d) && d <= Long.MAX_VALUE) {
            return value.longValue();
        }
        throw BridgeException.invalidRequest(path(where, field), "'" + path(where, field) + "' must be a positive integer.");
    }

    /** An element of an array that must be an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> element(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw BridgeException.invalidRequest(where, "'" + where + "' must be an object, not " + JsonValues.typeName(value) + ".");
    }

    static BridgeException missing(String where, String field, String description) {
        return BridgeException.invalidRequest(path(where, field), "'" + path(where, field) + "' is required and must be " + description + ".");
    }

    static String path(String where, String field) {
        return where == null ? field : where + "." + field;
    }

    @SuppressWarnings("unchecked")
    private static <T> T typed(Map<String, Object> object, String field, String where, Class<?> type, String description) {
        Object value = object.get(field);
        if (value == null || type.isInstance(value)) {
            return (T) value;
        }
        throw BridgeException.invalidRequest(path(where, field),
                "'" + path(where, field) + "' must be " + description + ", not " + JsonValues.typeName(value) + ".");
    }
}
