package io.llmbridge.adapter.out.config;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys from {@code ACCESS_API_KEYS}: a comma-separated list, a JSON list, or a JSON
 * object naming each key ({@code {"key": "name"}} or {@code {"key": {"name": …, "role": "admin"}}}).
 * Unnamed keys are known by a short hash.
 */
public final class StaticAccessKeys implements AccessKeys {
    public static final String VARIABLE = "ACCESS_API_KEYS";

    private final List<Entry> entries;

    private StaticAccessKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @throws InvalidAccessKeys when the value cannot be read; its message never quotes a key */
    public static StaticAccessKeys parse(String text) {
        if (text == null || text.isBlank()) {
            return new StaticAccessKeys(List.of());
        }
        String trimmed = text.strip();
        List<Entry> entries = new ArrayList<>();
        if (trimmed.startsWith("{")) {
            Map<String, Object> object = parseJson(trimmed) instanceof Map<?, ?> map ? cast(map) : Map.of();
            object.forEach((key, value) -> entries.add(named(key, value)));
        } else if (trimmed.startsWith("[")) {
            if (!(parseJson(trimmed) instanceof List<?> list)) {
                throw new InvalidAccessKeys("must be a JSON list of strings");
            }
            for (Object key : list) {
                if (!(key instanceof String s) || s.isBlank()) {
                    throw new InvalidAccessKeys("must be a JSON list of non-empty strings");
                }
                entries.add(unnamed(s.strip()));
            }
        } else {
            for (String key : trimmed.split(",")) {
                if (!key.isBlank()) {
                    entries.add(unnamed(key.strip()));
                }
            }
        }
        return new StaticAccessKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The keys themselves, for masking them wherever they might be echoed. */
    public List<Secret> secrets() {
        return entries.stream().map(entry -> entry.key).toList();
    }

    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        Secret presented = new Secret(presentedKey); // hashed once, compared with every key's hash
        Caller found = null;
        // Every key is compared, so the time taken does not tell which one came close.
        for (Entry entry : entries) {
            if (entry.key.equals(presented) && found == null) {
                found = entry.caller;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Entry unnamed(String key) {
        Secret secret = new Secret(key);
        return new Entry(secret, new Caller("key-" + secret.fingerprint().substring("sha256:".length()), Caller.Role.USER));
    }

    private static Entry named(String key, Object value) {
        if (key.isBlank()) {
            throw new InvalidAccessKeys("a key must not be empty");
        }
        if (value instanceof String name && !name.isBlank()) {
            return new Entry(new Secret(key.strip()), new Caller(name, Caller.Role.USER));
        }
        if (value instanceof Map<?, ?> details && details.get("name") instanceof String name && !name.isBlank()) {
            Object role = details.get("role");
            if (role != null && !"admin".equals(role) && !"user".equals(role)) {
                throw new InvalidAccessKeys("the role of key '" + name + "' must be \"user\" or \"admin\"");
            }
            return new Entry(new Secret(key.strip()), new Caller(name, "admin".equals(role) ? Caller.Role.ADMIN : Caller.Role.USER));
        }
        throw new InvalidAccessKeys("each key must map to a name, or to {\"name\": …, \"role\": \"user\"|\"admin\"}");
    }

    private static Object parseJson(String text) {
        try {
            return PlainJson.parse(text);
        } catch (RuntimeException e) {
            // The parser's message may quote the text, which holds keys: say only where.
            throw new InvalidAccessKeys("looks like JSON but is not valid JSON");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    private record Entry(Secret key, Caller caller) {
    }
}
