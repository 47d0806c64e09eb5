package io.llmbridge.application.service;

import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.DuplicateKeyNameException;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.PresentedKey;
import io.llmbridge.domain.RequestContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin API's rules over the key store: admins only, names unique across managed and static
 * keys, model patterns that match a configured model, static keys read-only. Every call is
 * recorded once, answered or refused. After a change this process's key cache is told at once;
 * other replicas see it on their next poll.
 */
public final class KeyAdministrationService implements KeyAdministrationUseCase {
    private final KeyStore store;
    private final AccessKeys staticKeys;
    private final ModelCatalog catalog;
    private final ChatRecorder recorders;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Runnable keysChanged;

    /**
     * @param staticKeys  the {@code ACCESS_API_KEYS}, listed and protected from being shadowed by a managed name
     * @param keysChanged run after every change, to reload this process's key cache
     */
    public KeyAdministrationService(KeyStore store, AccessKeys staticKeys, ModelCatalog catalog,
                                    List<? extends ChatRecorder> recorders, Clock clock, Runnable keysChanged) {
        this.store = store;
        this.staticKeys = staticKeys;
        this.catalog = catalog;
        this.recorders = new ChatRecorders(recorders);
        this.clock = clock;
        this.keysChanged = keysChanged;
    }

    @Override
    public void requireAdmin(Caller caller, RequestContext context) {
        if (!caller.isAdmin()) {
            BridgeException refusal = BridgeException.of(ErrorKind.PERMISSION_DENIED,
                    "Only admin keys may manage keys.").code("admin_only").build();
            recorders.record(ChatRecord.refused(context, caller, refusal));
            throw refusal;
        }
    }

    @Override
    public void refused(Caller caller, RequestContext context, BridgeException error) {
        recorders.record(ChatRecord.refused(context, caller, error));
    }

    @Override
    public IssuedKey create(Caller caller, NewKey key, RequestContext context) {
        PresentedKey secret = PresentedKey.generate(random);
        return recorded(caller, context, secret.publicId(), () -> {
            if (staticKeys.listed().stream().anyMatch(listed -> listed.name().equals(key.name()))) {
                throw duplicateName(key.name());
            }
            ModelAllowList models = key.models() == null ? ModelAllowList.ANY : checked(key.models());
            ManagedKey issued = invalidIfRefused(() -> ManagedKey.issued(secret.publicId(), key.name(), key.team(),
                    key.role() == null ? Caller.Role.USER : key.role(), models, key.expiresAt(), key.limits(),
                    key.metadata(), clock.instant()));
            try {
                store.create(issued, secret.hash(random));
            } catch (DuplicateKeyNameException e) {
                throw duplicateName(key.name());
            }
            keysChanged.run();
            return new IssuedKey(issued, secret.value());
        });
    }

    @Override
    public KeyList list(Caller caller, String team, RequestContext context) {
        return recorded(caller, context, null, () -> new KeyList(store.list(team),
                team == null ? staticKeys.listed() : List.of()));
    }

    @Override
    public ManagedKey get(Caller caller, String id, RequestContext context) {
        return recorded(caller, context, id, () -> store.find(managedId(id)).orElseThrow(() -> unknownKey(id)));
    }

    @Override
    public ManagedKey update(Caller caller, String id, KeyUpdate update, RequestContext context) {
        return recorded(caller, context, id, () -> {
            String managedId = managedId(id);
            ManagedKey current = store.find(managedId).orElseThrow(() -> unknownKey(id));
            // Checked here too, so that a bad value is refused with its reason before the store's transaction.
            ManagedKey changed = invalidIfRefused(() -> update.applyTo(current));
            if (update.changes(KeyUpdate.Field.MODELS)) {
                checked(changed.models());
            }
            ManagedKey updated = invalidIfRefused(() -> store.update(managedId, update)).orElseThrow(() -> unknownKey(id));
            keysChanged.run();
            return updated;
        });
    }

    @Override
    public ManagedKey revoke(Caller caller, String id, RequestContext context) {
        return recorded(caller, context, id, () -> {
            ManagedKey revoked = store.revoke(managedId(id), clock.instant()).orElseThrow(() -> unknownKey(id));
            keysChanged.run();
            return revoked;
        });
    }

    private ModelAllowList checked(ModelAllowList models) {
        List<String> unmatched = models.unmatched(catalog.all().stream().map(ModelRoute::ref).toList());
        if (!unmatched.isEmpty()) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "models: " + ClientText.name(String.join(", ", unmatched))
                    + " match(es) no configured model; GET /v1/models lists them.").param("models").code("unknown_model").build();
        }
        return models;
    }

    /** One audit event per action, answered or refused, naming the key it was about (its public id, never the key). */
    private <T> T recorded(Caller caller, RequestContext context, String keyId, Supplier<T> action) {
        requireAdmin(caller, context);
        try {
            T result = action.get();
            recorders.record(ChatRecord.administered(context, caller, keyId, null));
            return result;
        } catch (BridgeException e) {
            recorders.record(ChatRecord.administered(context, caller, keyId, e));
            throw e;
        }
    }

    /** A value the domain refuses is the client's mistake, said in the domain's words; nothing was written. */
    private static <T> T invalidIfRefused(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, e.getMessage()).code("invalid_key_field").build();
        }
    }

    private static String managedId(String id) {
        if (id.startsWith(STATIC_ID_PREFIX)) {
            throw BridgeException.of(ErrorKind.CONFLICT, "Static keys come from ACCESS_API_KEYS and cannot be read "
                    + "or changed one by one through the API; GET /v1/admin/keys lists them.").code("static_key").build();
        }
        return id;
    }

    private static BridgeException unknownKey(String id) {
        return BridgeException.of(ErrorKind.NOT_FOUND, "No key has the id '" + ClientText.name(id) + "'.")
                .code("key_not_found").build();
    }

    private static BridgeException duplicateName(String name) {
        return BridgeException.of(ErrorKind.CONFLICT, "A key named '" + ClientText.name(name) + "' exists already.")
                .param("name").code("duplicate_key_name").build();
    }
}
