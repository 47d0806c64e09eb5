package io.llmbridge.domain;

/** Who is calling: an access key's name (never the key itself) and its role. */
public record Caller(String name, Role role) {
    public enum Role { USER, ADMIN }

    public Caller {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        java.util.Objects.requireNonNull(role, "role");
    }
}
