package io.llmbridge.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The changes an administrator asked for on a managed key. A field not mentioned keeps its
 * value; one set to null is cleared (a key moved out of its team, an expiry removed), which is
 * why this is a set of changes and not a record of optional values.
 */
public final class KeyUpdate {
    public enum Field { TEAM, ROLE, MODELS, EXPIRES_AT, LIMITS, DISABLED }

    public static final KeyUpdate NONE = new KeyUpdate(new EnumMap<>(Field.class));

    private final Map<Field, Object> changes;

    private KeyUpdate(Map<Field, Object> changes) {
        this.changes = changes;
    }

    public KeyUpdate team(String team) {
        return with(Field.TEAM, team);
    }

    public KeyUpdate role(Caller.Role role) {
        return with(Field.ROLE, Objects.requireNonNull(role, "role"));
    }

    public KeyUpdate models(ModelAllowList models) {
        return with(Field.MODELS, Objects.requireNonNull(models, "models (ModelAllowList.ANY for no restriction)"));
    }

    public KeyUpdate expiresAt(Instant expiresAt) {
        return with(Field.EXPIRES_AT, expiresAt);
    }

    public KeyUpdate limits(Map<String, Object> limits) {
        return with(Field.LIMITS, limits);
    }

    public KeyUpdate disabled(boolean disabled) {
        return with(Field.DISABLED, disabled);
    }

    public boolean changes(Field field) {
        return changes.containsKey(field);
    }

    /**
     * The key with these changes; it validates like any key, so a bad value fails here, before
     * anything is written.
     */
    @SuppressWarnings("unchecked")
    public ManagedKey applyTo(ManagedKey key) {
        return new ManagedKey(key.id(), key.name(),
                (String) value(Field.TEAM, key.team()),
                (Caller.Role) value(Field.ROLE, key.role()),
                (ModelAllowList) value(Field.MODELS, key.models()),
                (Instant) value(Field.EXPIRES_AT, key.expiresAt()),
                (Map<String, Object>) value(Field.LIMITS, key.limits()),
                key.metadata(), key.createdAt(),
                (Boolean) value(Field.DISABLED, key.disabled()),
                key.revokedAt());
    }

    private Object value(Field field, Object current) {
        return changes.containsKey(field) ? changes.get(field) : current;
    }

    private KeyUpdate with(Field field, Object value) {
        Map<Field, Object> next = new EnumMap<>(changes);
        next.put(field, value);
        return new KeyUpdate(next);
    }

    @Override
    public String toString() {
        return "KeyUpdate" + changes.keySet();
    }
}
