package io.llmbridge.adapter.out.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether access keys that anyone could guess are refused (always, except for a local demo).
 * A key is weak when it is shorter than {@link #SHORTEST} characters or is a placeholder: once
 * lower-cased and stripped of everything but letters and digits, it contains {@code changeme},
 * {@code yourkey}, {@code yourapikey}, {@code keyhere} or {@code placeholder}, or it is one of
 * {@code secret}, {@code password}, {@code test}, {@code example}, {@code apikey},
 * {@code accesskey}, {@code admin}, {@code demo}, or a single character repeated.
 */
public enum WeakKeys {
    REFUSED,
    /** Only for the quick start's demo key; the composition root says so loudly. */
    ACCEPTED;

    public static final int SHORTEST = 16;

    private static final Set<String> PLACEHOLDER_PARTS = Set.of("changeme", "yourkey", "yourapikey", "keyhere", "placeholder");
    private static final Set<String> PLACEHOLDERS = Set.of("secret", "password", "test", "example", "apikey", "accesskey",
            "admin", "demo");

    /** What makes the key weak, to follow "key 2 " in a message; empty when it is not weak. */
    static Optional<String> weakness(String key) {
        String letters = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        boolean placeholder = PLACEHOLDERS.contains(letters)
                || PLACEHOLDER_PARTS.stream().anyMatch(letters::contains)
                || key.chars().distinct().count() == 1;
        if (placeholder) {
            return Optional.of("is a placeholder, not a key");
        }
        if (key.length() < SHORTEST) {
            return Optional.of("is shorter than " + SHORTEST + " characters");
        }
        return Optional.empty();
    }
}
