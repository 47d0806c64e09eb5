package io.llmbridge.bootstrap;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
        throw invalid("must be a mapping");
    }

    String string(String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        throw invalid("must be a non-empty string");
    }

    boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid("must be true or false");
    }

    Long positiveLong(Long fallback) {
        if (value == null) {
            return fallback;
        }
        if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger) && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw invalid("must be a positive whole number");
    }

    int intIn(int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number && number >= min && number <= max) {
            return number;
        }
        throw invalid("must be a whole number from " + min + " to " + max);
    }

    int port(int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer port && port >= 0 && port <= 65535) {
            return port;
        }
        throw invalid("must be a port number from 0 to 65535");
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
        throw invalid("must be a positive number");
    }

    /** A number of zero or more: a price may be nothing. */
    BigDecimal nonNegativeNumber(BigDecimal fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (decimal.signum() >= 0) {
                return decimal;
            }
        }
        throw invalid("must be a number of zero or more");
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
        throw invalid("must be a list of strings");
    }

    /** The items of a list (empty when absent), each with its path ({@code key[0]}). */
    List<ConfigNode> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid("must be a list");
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
        throw invalid("must be plain JSON-like data (strings, numbers, booleans, mappings, lists)");
    }

    /** A positive number of seconds, fractions allowed down to the millisecond. */
    Duration seconds(Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Duration duration = Duration.ofMillis(positiveNumber(null).movePointRight(3).longValue());
        if (duration.isZero()) {
            throw problem("must be at least 0.001 seconds");
        }
        return duration;
    }

    /** A number of seconds, as {@link #seconds}, where 0 means "no wait". */
    Duration secondsOrZero(Duration fallback) {
        if (value instanceof Number number && new BigDecimal(number.toString()).signum() == 0) {
            return Duration.ZERO;
        }
        return seconds(fallback);
    }

    /** Reports each key of this mapping that is not {@code known}: doubtful, but no reason to stop. */
    void warnUnknown(Set<String> known, Consumer<String> warnings) {
        mapping().keySet().stream().filter(key -> !known.contains(key)).forEach(key ->
                warnings.accept(get(key).path() + " is not a known setting (known: " + known.stream().sorted().toList() + "); ignored"));
    }

    ConfigProblem problem(String what) {
        return new ConfigProblem(source, path, what);
    }

    /** This value is not what it must be: {@code expectation}, then the value found. */
    ConfigProblem invalid(String expectation) {
        return problem(expectation + ", not " + describe());
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
