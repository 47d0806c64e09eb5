package io.llmbridge.adapter.in.http;

import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ManagedKey;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keys as the admin API writes them (docs/admin-api.md). Only {@link #issued} carries a secret. */
final class KeyJson {
    private KeyJson() {
    }

    /** The answer to a creation: the one time the key itself is shown. */
    static Map<String, Object> issued(KeyAdministrationUseCase.IssuedKey issued) {
        ManagedKey key = issued.key();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("key", issued.secret().reveal());
        json.put("name", key.name());
        json.put("team", key.team());
        json.put("role", role(key.role()));
        json.put("models", key.models().patterns());
        json.put("expires_at", time(key.expiresAt()));
        json.put("limits", key.limits());
        json.put("created_at", time(key.createdAt()));
        return json;
    }

    static Map<String, Object> managed(ManagedKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("source", "managed");
        json.put("team", key.team());
        json.put("role", role(key.role()));
        json.put("models", key.models().patterns());
        json.put("expires_at", time(key.expiresAt()));
        json.put("limits", key.limits());
        json.put("metadata", key.metadata());
        json.put("created_at", time(key.createdAt()));
        json.put("disabled", key.disabled());
        json.put("revoked_at", time(key.revokedAt()));
        return json;
    }

    static Map<String, Object> list(KeyAdministrationUseCase.KeyList keys) {
        List<Map<String, Object>> data = new ArrayList<>();
        keys.staticKeys().forEach(caller -> data.add(staticKey(caller)));
        keys.managed().forEach(key -> data.add(managed(key)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "list");
        json.put("data", data);
        return json;
    }

    private static Map<String, Object> staticKey(Caller caller) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", KeyAdministrationUseCase.STATIC_ID_PREFIX + caller.name());
        json.put("name", caller.name());
        json.put("source", "static");
        json.put("team", null);
        json.put("role", role(caller.role()));
        json.put("models", null);
        return json;
    }

    private static String role(Caller.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static String time(Instant time) {
        return time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time);
    }
}
