package io.llmbridge.adapter.out.config;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.Secret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys from {@code ACCESS_API_KEYS}: a comma-separated list, a JSON list, or a JSON
 * object naming each key ({@code {"key": "name"}} or {@code {"key": {"name": …, "role": "admin"}}}).
 * Weak keys ({@link WeakKeys}) are refused unless {@link WeakKeys#ACCEPTED}; two keys with one
 * name never are accepted, since they would share one usage report. An unnamed key is known by
 * a name drawn from a keyed hash whose key is random and never leaves this object, so that
 * anyone who reads logs cannot test a guessed key against its name.
 */
public final class StaticAccessKeys implements AccessKeys {
    public static final String VARIABLE = "ACCESS_API_KEYS";
    /** Set to {@code true} to accept weak keys: the quick start's {@code change-me}, nowhere else. */
    public static final String INSECURE_DEMO_FLAG = "LLM_BRIDGE_INSECURE_DEMO_KEYS";

    private final List<Entry> entries;
    private final int weak;

    private StaticAccessKeys(List<Entry> entries, int weak) {
        this.entries = List.copyOf(entries);
        this.weak = weak;
    }

    /**
     * @throws InvalidAccessKeys when the value cannot be read or holds a key {@code weakKeys}
     *                           refuses; its message names a key by its name or position, never
     *                           quotes one
     */
    public static StaticAccessKeys parse(String text, WeakKeys weakKeys) {
        List<Listed> listed = listed(text);
        DisplayNames displayNames = new DisplayNames();
        Map<String, Integer> positionOfName = new HashMap<>();
        Map<Secret, Integer> positionOfKey = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        int weak = 0;
        for (int i = 0; i < listed.size(); i++) {
            Listed key = listed.get(i);
            int position = i + 1;
            Optional<String> weakness = WeakKeys.weakness(key.value());
            if (weakness.isPresent()) {
                if (weakKeys == WeakKeys.REFUSED) {
                    throw new InvalidAccessKeys(key.label(position) + " " + weakness.get() + ": use a random key of at least "
                            + WeakKeys.SHORTEST + " characters (" + INSECURE_DEMO_FLAG + "=true accepts it, for a local demo only)");
                }
                weak++;
            }
            Secret secret = new Secret(key.value());
            Integer sameKey = positionOfKey.putIfAbsent(secret, position);
            if (sameKey != null) {
                throw new InvalidAccessKeys(key.label(position) + " repeats key " + sameKey);
            }
            Caller caller = new Caller(key.name() == null ? displayNames.of(secret) : key.name(), key.role());
            Integer sameName = positionOfName.putIfAbsent(caller.name(), position);
            if (sameName != null) {
                throw new InvalidAccessKeys("keys " + sameName + " and " + position + " share the name '" + caller.name()
                        + "'; each key needs a name of its own, or usage would be counted together");
            }
            entries.add(new Entry(secret, caller));
        }
        return new StaticAccessKeys(entries, weak);
    }

    private static List<Listed> listed(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String trimmed = text.strip();
        List<Listed> listed = new ArrayList<>();
        if (trimmed.startsWith("{")) {
            Map<String, Object> object = parseJson(trimmed) instanceof Map<?, ?> map ? cast(map) : Map.of();
            object.forEach((key, value) -> listed.add(named(key, value)));
        } else if (trimmed.startsWith("[")) {
            if (!(parseJson(trimmed) instanceof List<?> list)) {
                throw new InvalidAccessKeys("must be a JSON list of strings");
            }
            for (Object key : list) {
                if (!(key instanceof String s) || s.isBlank()) {
                    throw new InvalidAccessKeys("must be a JSON list of non-empty strings");
                }
                listed.add(Listed.unnamed(s.strip()));
            }
        } else {
            for (String key : trimmed.split(",")) {
                if (!key.isBlank()) {
                    listed.add(Listed.unnamed(key.strip()));
                }
            }
        }
        return listed;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** How many keys are weak; more than none only when they were {@link WeakKeys#ACCEPTED}. */
    public int weak() {
        return weak;
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

    @Override
    public List<Caller> listed() {
        return entries.stream().map(Entry::caller).toList();
    }

    private static Listed named(String key, Object value) {
        if (key.isBlank()) {
            throw new InvalidAccessKeys("a key must not be empty");
        }
        if (value instanceof String name && !name.isBlank()) {
            return new Listed(key.strip(), name, Caller.Role.USER);
        }
        if (value instanceof Map<?, ?> details && details.get("name") instanceof String name && !name.isBlank()) {
            Object role = details.get("role");
            if (role != null && !"admin".equals(role) && !"user".equals(role)) {
                throw new InvalidAccessKeys("the role of key '" + name + "' must be \"user\" or \"admin\"");
            }
            return new Listed(key.strip(), name, "admin".equals(role) ? Caller.Role.ADMIN : Caller.Role.USER);
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

    /** A key as written, before it is checked; {@code name} is null for an unnamed key. */
    private record Listed(String value, String name, Caller.Role role) {
        static Listed unnamed(String value) {
            return new Listed(value, null, Caller.Role.USER);
        }

        /** How a message names the key: by its name, else by its place in the list (from 1). */
        String label(int position) {
            return name == null ? "key " + position : "key '" + name + "'";
        }
    }

    private record Entry(Secret key, Caller caller) {
    }
}
