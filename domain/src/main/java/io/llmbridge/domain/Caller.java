package io.llmbridge.domain;

import io.llmbridge.domain.quota.LimitSpec;

import java.util.Objects;

/**
 * Who is calling: an access key's name (never the key itself), its role, and what a managed key
 * adds (its public id, its team, the models it may use).
 *
 * @param keyId  the managed key's public id; null for a static key ({@code ACCESS_API_KEYS})
 * @param team   null for a key in no team
 * @param models what the key may use; {@link ModelAllowList#ANY} for static keys
 * @param limits the managed key's own limits, which win over the configured ones; null when it has none
 */
public record Caller(String name, Role role, String keyId, String team, ModelAllowList models, LimitSpec limits) {
    public enum Role { USER, ADMIN }

    public Caller {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(models, "models");
    }

    /** A static key: no id, no team, every model, no limits of its own. */
    public Caller(String name, Role role) {
        this(name, role, null, null, ModelAllowList.ANY, null);
    }

    /** A key with no limits of its own. */
    public Caller(String name, Role role, String keyId, String team, ModelAllowList models) {
        this(name, role, keyId, team, models, null);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
