package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Secret;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Issues, lists, changes and revokes managed access keys. Every method is for admins only (others
 * get {@code PERMISSION_DENIED}) and is recorded (audited) with its {@code context}. Static keys
 * ({@code ACCESS_API_KEYS}) are listed but cannot be changed: {@code CONFLICT}.
 * Failures are {@code BridgeException}s: {@code INVALID_REQUEST} for a bad value (nothing is
 * written), {@code CONFLICT} for a name already taken or a static key, {@code NOT_FOUND} for an
 * unknown id.
 */
public interface KeyAdministrationUseCase {
    /** Prefix of the ids under which static keys are listed. */
    String STATIC_ID_PREFIX = "static:";

    /**
     * Refuses a caller that is not an admin, before an adapter reads a request body for it.
     *
     * @throws io.llmbridge.domain.BridgeException {@code PERMISSION_DENIED}, recorded
     */
    void requireAdmin(Caller caller, RequestContext context);

    /** Records a request refused before it could be read as a command (a malformed body), so it is audited too. */
    void refused(Caller caller, RequestContext context, io.llmbridge.domain.BridgeException error);

    /** @throws io.llmbridge.domain.BridgeException {@code CONFLICT} when the name is taken, by a managed or a static key */
    IssuedKey create(Caller caller, NewKey key, RequestContext context);

    /** Managed keys (revoked ones included) of {@code team}, or of every team when null, and the static keys. */
    KeyList list(Caller caller, String team, RequestContext context);

    ManagedKey get(Caller caller, String id, RequestContext context);

    ManagedKey update(Caller caller, String id, KeyUpdate update, RequestContext context);

    /** Revokes the key; its usage history stays. Revoking a revoked key changes nothing. */
    ManagedKey revoke(Caller caller, String id, RequestContext context);

    /**
     * A key to issue; all but {@code name} may be null.
     *
     * @param models null for every model
     */
    record NewKey(String name, String team, Caller.Role role, ModelAllowList models, Instant expiresAt,
                  Map<String, Object> limits, Map<String, Object> metadata) {
    }

    /** A key just issued, with the only copy of its secret the gateway ever hands out. */
    record IssuedKey(ManagedKey key, Secret secret) {
    }

    /** @param staticKeys who the static keys belong to */
    record KeyList(List<ManagedKey> managed, List<Caller> staticKeys) {
        public KeyList {
            managed = List.copyOf(managed);
            staticKeys = List.copyOf(staticKeys);
        }
    }
}
