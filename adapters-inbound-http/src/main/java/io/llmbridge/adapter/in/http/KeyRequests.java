package io.llmbridge.adapter.in.http;

import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.JsonValues;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ModelAllowList;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's request bodies as commands. Every field is checked for its JSON type here, and
 * an unknown field is refused rather than ignored: a typing error ({@code "model"} for
 * {@code "models"}) must not issue a key that can use everything. Values are checked by the domain.
 */
final class KeyRequests {
    private static final Set<String> NEW_KEY_FIELDS = Set.of("name", "team", "role", "models", "expires_at", "limits", "metadata");
    private static final Set<String> UPDATE_FIELDS = Set.of("team", "role", "models", "expires_at", "limits", "disabled");

    private KeyRequests() {
    }

    static KeyAdministrationUseCase.NewKey newKey(Map<String, Object> body) {
        known(body, NEW_KEY_FIELDS);
        String name = string(body, "name");
        if (name == null) {
            throw BridgeException.invalidRequest("name", "'name' is required: a string naming the key.");
        }
        return new KeyAdministrationUseCase.NewKey(name, string(body, "team"), role(body), models(body),
                time(body), object(body, "limits"), object(body, "metadata"));
    }

    static KeyUpdate update(Map<String, Object> body) {
        known(body, UPDATE_FIELDS);
        KeyUpdate update = KeyUpdate.NONE;
        if (body.containsKey("team")) {
            update = update.team(string(body, "team"));
        }
        if (body.containsKey("role")) {
            Caller.Role role = role(body);
            if (role == null) {
                throw BridgeException.invalidRequest("role", "'role' must be \"user\" or \"admin\", not null.");
            }
            update = update.role(role);
        }
        if (body.containsKey("models")) {
            ModelAllowList models = models(body);
            update = update.models(models == null ? ModelAllowList.ANY : models);
        }
        if (body.containsKey("expires_at")) {
            update = update.expiresAt(time(body));
        }
        if (body.containsKey("limits")) {
            update = update.limits(object(body, "limits"));
        }
        if (body.containsKey("disabled")) {
            if (!(body.get("disabled") instanceof Boolean disabled)) {
                throw wrongType("disabled", "true or false", body.get("disabled"));
            }
            update = update.disabled(disabled);
        }
        return update;
    }

    private static void known(Map<String, Object> body, Set<String> fields) {
        for (String field : body.keySet()) {
            if (!fields.contains(field)) {
                throw BridgeException.invalidRequest(field, "Unknown field '" + ClientText.name(field) + "'; this request takes "
                        + fields.stream().sorted().toList() + ".");
            }
        }
    }

    private static String string(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(field, "a string", value);
    }

    private static Caller.Role role(Map<String, Object> body) {
        String role = string(body, "role");
        if (role == null) {
            return null;
        }
        return switch (role) {
            case "user" -> Caller.Role.USER;
            case "admin" -> Caller.Role.ADMIN;
            default -> throw BridgeException.invalidRequest("role", "'role' must be \"user\" or \"admin\", not '"
                    + ClientText.name(role) + "'.");
        };
    }

    private static ModelAllowList models(Map<String, Object> body) {
        Object value = body.get("models");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw wrongType("models", "a list of model names (provider/model) or provider wildcards (provider/*)", value);
        }
        try {
            return ModelAllowList.of(list.stream().map(String.class::cast).toList());
        } catch (IllegalArgumentException e) {
            throw BridgeException.invalidRequest("models", "'models': " + ClientText.name(e.getMessage()) + ".");
        }
    }

    private static Instant time(Map<String, Object> body) {
        String value = string(body, "expires_at");
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw BridgeException.invalidRequest("expires_at", "'expires_at' must be an ISO-8601 time with an offset, "
                    + "such as 2027-01-31T00:00:00Z, not '" + ClientText.name(value) + "'.");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null || value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw wrongType(field, "a JSON object", value);
    }

    private static BridgeException wrongType(String field, String expected, Object value) {
        return BridgeException.invalidRequest(field, "'" + field + "' must be " + expected + ", not " + JsonValues.typeName(value) + ".");
    }
}
