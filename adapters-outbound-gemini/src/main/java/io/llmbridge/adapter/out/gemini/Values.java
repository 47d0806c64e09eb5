package io.llmbridge.adapter.out.gemini;

import java.util.List;
import java.util.Map;

/** Typed reads of the plain JSON values both APIs are parsed into; a value of another type reads as absent. */
final class Values {
    private Values() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    static Map<String, Object> object(Map<String, Object> parent, String field) {
        return parent == null ? null : object(parent.get(field));
    }

    static List<?> list(Map<String, Object> parent, String field) {
        return parent != null && parent.get(field) instanceof List<?> list ? list : List.of();
    }

    static String string(Map<String, Object> parent, String field) {
        return parent != null && parent.get(field) instanceof String text ? text : null;
    }

    /** Gemini omits zero counts (proto3 JSON), so an absent count is a reported zero. */
    static long count(Map<String, Object> parent, String field) {
        return parent != null && parent.get(field) instanceof Number number ? number.longValue() : 0L;
    }

    static boolean isTrue(Map<String, Object> parent, String field) {
        return parent != null && Boolean.TRUE.equals(parent.get(field));
    }
}
