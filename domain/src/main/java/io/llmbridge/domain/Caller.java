package io.llmbridge.domain;

import java.util.Objects;

/**
 * Who is calling: an access key's name (never the key itself), its role, and what a managed key
 * adds (its public id, its team, the models it may use).
 *
 * @param keyId  the managed key's public id; null for a static key ({@code ACCESS_API_KEYS})
 * @param team   null for a key in no team
 * @param models what the key may use; {@link ModelAllowList#ANY} for static keys
 */
public record Caller(String name, Role role, String keyId, String team, ModelAllowList models) {
    public enum Role { USER, ADMIN }

    public Caller {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(models, "models");
    }

    /** A static key: no id, no team, every model. */
    public Caller(String name, Role role) {
        this(name, role, null, null, ModelAllowList.ANY);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
