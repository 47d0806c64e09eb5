package io.llmbridge.application.service;

import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.PresentedKey;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyAdministrationServiceTest {
    private static final Caller ADMIN = new Caller("ops", Caller.Role.ADMIN);
    private static final Caller USER = new Caller("someone", Caller.Role.USER);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final AccessKeys STATIC = new AccessKeys() {
        @Override
        public Optional<Caller> authenticate(String presentedKey) {
            return Optional.empty();
        }

        @Override
        public List<Caller> listed() {
            return List.of(ADMIN);
        }
    };
    private static final ModelCatalog CATALOG = new ModelCatalog() {
        private final ModelRoute echo = new ModelRoute(ModelRef.parse("echo/echo-1"), "echo-1", null, Duration.ofSeconds(1), ParamRules.NONE);

        @Override
        public Optional<ModelRoute> find(ModelRef ref) {
            return ref.equals(echo.ref()) ? Optional.of(echo) : Optional.empty();
        }

        @Override
        public List<ModelRoute> all() {
            return List.of(echo);
        }

        @Override
        public Instant loadedAt() {
            return NOW;
        }
    };

    private final FakeKeyStore store = new FakeKeyStore();
    private final List<ChatRecord> recorded = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final KeyAdministrationService admin = new KeyAdministrationService(store, STATIC, CATALOG,
            List.of(recorded::add), Clock.fixed(NOW, ZoneOffset.UTC), () -> changes.add("changed"));

    private static RequestContext context(String action) {
        return RequestContext.received(Transport.HTTP, action, "10.0.0.1");
    }

    private static KeyAdministrationUseCase.NewKey named(String name) {
        return new KeyAdministrationUseCase.NewKey(name, null, null, null, null, null, null);
    }

    @Test
    void an_issued_key_is_stored_hashed_returned_once_and_audited() {
        KeyAdministrationUseCase.IssuedKey issued = admin.create(ADMIN, new KeyAdministrationUseCase.NewKey("svc", "red",
                null, ModelAllowList.of(List.of("echo/*")), null, null, null), context("admin.keys.create"));

        PresentedKey key = PresentedKey.parse(issued.secret().reveal()).orElseThrow();
        assertEquals(issued.key().id(), key.publicId());
        assertEquals(Caller.Role.USER, issued.key().role());
        assertEquals(NOW, issued.key().createdAt());
        assertTrue(store.activeKeys().keys().getFirst().verifies(key));
        assertEquals(List.of("changed"), changes, "this process's cache is told at once");
        assertEquals(Outcome.SUCCESS, recorded.getLast().ending().outcome());
        assertEquals(ADMIN, recorded.getLast().request().caller());
        assertEquals(key.publicId(), recorded.getLast().request().keyId(), "audited by the key's id, never the key");
    }

    @Test
    void only_admins_may_and_a_refusal_is_audited() {
        BridgeException refused = assertThrows(BridgeException.class, () -> admin.create(USER, named("svc"), context("admin.keys.create")));
        assertEquals(ErrorKind.PERMISSION_DENIED, refused.kind());
        assertEquals(Outcome.FAILURE, recorded.getLast().ending().outcome());
        assertTrue(store.list(null).isEmpty());
    }

    @Test
    void names_are_unique_among_managed_and_static_keys() {
        admin.create(ADMIN, named("svc"), context("admin.keys.create"));
        assertEquals(ErrorKind.CONFLICT, assertThrows(BridgeException.class,
                () -> admin.create(ADMIN, named("svc"), context("admin.keys.create"))).kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(BridgeException.class,
                () -> admin.create(ADMIN, named("ops"), context("admin.keys.create"))).kind(), "ops is a static key's name");
    }

    @Test
    void bad_values_are_refused_before_anything_is_written() {
        BridgeException longName = assertThrows(BridgeException.class,
                () -> admin.create(ADMIN, named("n".repeat(10_000)), context("admin.keys.create")));
        assertEquals(ErrorKind.INVALID_REQUEST, longName.kind());
        BridgeException unmatched = assertThrows(BridgeException.class, () -> admin.create(ADMIN, new KeyAdministrationUseCase.NewKey(
                "svc", null, null, ModelAllowList.of(List.of("gone/*")), null, null, null), context("admin.keys.create")));
        assertTrue(unmatched.getMessage().contains("gone/*"), unmatched.getMessage());
        assertTrue(store.list(null).isEmpty());

        String id = admin.create(ADMIN, named("svc"), context("admin.keys.create")).key().id();
        long version = store.version();
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(BridgeException.class, () -> admin.update(ADMIN, id,
                KeyUpdate.NONE.team("t".repeat(10_000)), context("admin.keys.update"))).kind());
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(BridgeException.class, () -> admin.update(ADMIN, id,
                KeyUpdate.NONE.models(ModelAllowList.of(List.of("echo/nope"))), context("admin.keys.update"))).kind());
        assertEquals(version, store.version(), "nothing written");
    }

    @Test
    void static_keys_are_listed_but_cannot_be_changed_and_unknown_ids_are_not_found() {
        KeyAdministrationUseCase.KeyList list = admin.list(ADMIN, null, context("admin.keys.list"));
        assertEquals(List.of(ADMIN), list.staticKeys());
        assertEquals(ErrorKind.CONFLICT, assertThrows(BridgeException.class, () -> admin.revoke(ADMIN,
                KeyAdministrationUseCase.STATIC_ID_PREFIX + "ops", context("admin.keys.revoke"))).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BridgeException.class, () -> admin.get(ADMIN,
                "0123456789abcdef", context("admin.keys.get"))).kind());
    }

    @Test
    void a_revoked_key_stays_listed_with_its_time() {
        String id = admin.create(ADMIN, named("svc"), context("admin.keys.create")).key().id();
        assertNotNull(admin.revoke(ADMIN, id, context("admin.keys.revoke")).revokedAt());
        assertTrue(store.activeKeys().keys().isEmpty());
        assertEquals(1, admin.list(ADMIN, null, context("admin.keys.list")).managed().size());
    }
}
