package io.llmbridge.bootstrap;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value of the YAML file with its dotted path, for typed reads with one-line errors. */
record ConfigNode(String source, String path, Object value) {

    static ConfigNode root(String source, Map<String, Object> document) {
        return new ConfigNode(source, "", document);
    }

    boolean isPresent() {
        return value != null;
    }

    ConfigNode get(String key) {
        return new ConfigNode(source, path.isEmpty() ? key : path + "." + key, mapping().get(key));
    }

    /** The entries of a mapping (empty when absent), in file order. */
    Map<String, Object> mapping() {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), v));
            return entries;
        }
        throw problem("must be a mapping, not " + describe());
    }

    String string(String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        throw problem("must be a non-empty string, not " + describe());
    }

    boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw problem("must be true or false, not " + describe());
    }

    Long positiveLong(Long fallback) {
        if (value == null) {
            return fallback;
        }
        if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger) && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw problem("must be a positive whole number, not " + describe());
    }

    int intIn(int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number && number >= min && number <= max) {
            return number;
        }
        throw problem("must be a whole number from " + min + " to " + max + ", not " + describe());
    }

    int port(int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer port && port >= 0 && port <= 65535) {
            return port;
        }
        throw problem("must be a port number from 0 to 65535, not " + describe());
    }

    BigDecimal positiveNumber(BigDecimal fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (decimal.signum() > 0) {
                return decimal;
            }
        }
        throw problem("must be a positive number, not " + describe());
    }

    List<String> strings() {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw problem("must be a list of strings");
                }
                strings.add(s);
            }
            return strings;
        }
        throw problem("must be a list of strings, not " + describe());
    }

    /** The items of a list (empty when absent), each with its path ({@code key[0]}). */
    List<ConfigNode> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw problem("must be a list, not " + describe());
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            items.add(new ConfigNode(source, path + "[" + i + "]", list.get(i)));
        }
        return items;
    }

    /** A mapping whose values become JSON values (YAML numbers, booleans, nested maps and lists). */
    Map<String, Object> jsonObject() {
        Map<String, Object> json = new LinkedHashMap<>();
        mapping().forEach((key, item) -> json.put(key, get(key).json()));
        return json;
    }

    private Object json() {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value instanceof Double || value instanceof Float ? new BigDecimal(value.toString()) : value;
        }
        if (value instanceof Map<?, ?>) {
            return jsonObject();
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(new ConfigNode(source, path + "[" + i + "]", list.get(i)).json());
            }
            return items;
        }
        throw problem("must be plain JSON-like data (strings, numbers, booleans, mappings, lists), not " + describe());
    }

    ConfigProblem problem(String what) {
        return new ConfigProblem(source, path, what);
    }

    private String describe() {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
