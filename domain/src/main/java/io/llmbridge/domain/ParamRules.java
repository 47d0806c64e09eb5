package io.llmbridge.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's rewrite of the request body, applied in a fixed order: overwrite ({@code update}),
 * add when absent ({@code add}), rename, delete.
 */
public record ParamRules(Map<String, Object> update, Map<String, Object> add,
                         Map<String, String> rename, List<String> delete) {
    public static final ParamRules NONE = new ParamRules(Map.of(), Map.of(), Map.of(), List.of());

    public ParamRules {
        update = JsonValues.copyObject(update);
        add = JsonValues.copyObject(add);
        rename = Map.copyOf(rename);
        delete = List.copyOf(delete);
    }

    public boolean isEmpty() {
        return update.isEmpty() && add.isEmpty() && rename.isEmpty() && delete.isEmpty();
    }

    /** Returns a rewritten copy of {@code body}, keeping the order of its fields. */
    public Map<String, Object> applyTo(Map<String, Object> body) {
        if (isEmpty()) {
            return body;
        }
        Map<String, Object> result = new LinkedHashMap<>(body);
        result.putAll(update);
        add.forEach(result::putIfAbsent);
        rename.forEach((from, to) -> {
            if (result.containsKey(from)) {
                result.put(to, result.remove(from));
            }
        });
        delete.forEach(result::remove);
        return result;
    }
}
