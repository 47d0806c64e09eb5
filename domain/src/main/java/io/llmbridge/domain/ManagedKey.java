package io.llmbridge.domain;

import io.llmbridge.domain.quota.LimitSpec;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * An access key issued at run time (not one of the static {@code ACCESS_API_KEYS}). Never holds
 * the secret: that is shown once when the key is issued and kept only as a {@link KeyHash}.
 * Times are kept to the microsecond, as SQL databases store them.
 *
 * @param id        the public id, part of the key itself and how the key is named in the API
 * @param team      null when the key belongs to no team
 * @param expiresAt null when it never expires
 * @param limits    as the administrator gave it, a JSON object of {@link LimitSpec}'s names; null for none
 * @param metadata  free JSON object for the administrator's own bookkeeping
 * @param revokedAt null until revoked; a revoked key stays, so its usage history keeps its name
 */
public record ManagedKey(String id, String name, String team, Caller.Role role, ModelAllowList models,
                         Instant expiresAt, Map<String, Object> limits, Map<String, Object> metadata,
                         Instant createdAt, boolean disabled, Instant revokedAt) {
    /** Longest name or team accepted: enough for any naming scheme, small enough for an index. */
    public static final int MAX_NAME_LENGTH = 128;

    public ManagedKey {
        Objects.requireNonNull(id, "id");
        checkName("name", name);
        if (team != null) {
            checkName("team", team);
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(createdAt, "createdAt");
        expiresAt = micros(expiresAt);
        createdAt = micros(createdAt);
        revokedAt = micros(revokedAt);
        limits = limits == null ? null : JsonValues.copyObject(limits);
        if (limits != null) {
            LimitSpec.fromJson("limits", limits); // refuses unknown names and bad amounts
        }
        metadata = metadata == null ? null : JsonValues.copyObject(metadata);
    }

    /** A new key: enabled, not revoked. */
    public static ManagedKey issued(String id, String name, String team, Caller.Role role, ModelAllowList models,
                                    Instant expiresAt, Map<String, Object> limits, Map<String, Object> metadata,
                                    Instant createdAt) {
        return new ManagedKey(id, name, team, role, models, expiresAt, limits, metadata, createdAt, false, null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the key may call the gateway at {@code now}: not revoked, not disabled, not expired. */
    public boolean activeAt(Instant now) {
        return !revoked() && !disabled && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Caller caller() {
        return new Caller(name, role, id, team, models, limits == null ? null : LimitSpec.fromJson("limits", limits));
    }

    public ManagedKey revokedAt(Instant when) {
        return new ManagedKey(id, name, team, role, models, expiresAt, limits, metadata, createdAt, disabled,
                Objects.requireNonNull(when, "when"));
    }

    private static void checkName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_NAME_LENGTH + " characters, not "
                    + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
        }
    }

    private static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }
}
