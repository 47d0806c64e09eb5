package io.llmbridge.application.service;

import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.PresentedKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagedAccessKeysTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AccessKeys STATIC = key -> "static-key-123".equals(key)
            ? Optional.of(new Caller("static", Caller.Role.USER)) : Optional.empty();

    private final FakeKeyStore store = new FakeKeyStore();

    private PresentedKey issue(String name, Instant expiresAt) {
        PresentedKey key = PresentedKey.generate(RANDOM);
        store.create(ManagedKey.issued(key.publicId(), name, "red", Caller.Role.USER, ModelAllowList.of(List.of("echo/*")),
                expiresAt, null, null, NOW.minusSeconds(60)), key.hash(RANDOM));
        return key;
    }

    private ManagedAccessKeys keys() {
        return new ManagedAccessKeys(store, STATIC, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void a_managed_key_becomes_its_caller_with_id_team_and_models() {
        PresentedKey key = issue("svc", null);
        Caller caller = keys().authenticate(key.value().reveal()).orElseThrow();
        assertEquals("svc", caller.name());
        assertEquals(key.publicId(), caller.keyId());
        assertEquals("red", caller.team());
        assertEquals(List.of("echo/*"), caller.models().patterns());
    }

    @Test
    void a_wrong_secret_an_expired_key_and_an_unknown_key_are_refused_and_static_keys_still_work() {
        PresentedKey key = issue("svc", null);
        PresentedKey expired = issue("old", NOW);
        ManagedAccessKeys keys = keys();
        PresentedKey forged = new PresentedKey(key.publicId(), PresentedKey.generate(RANDOM).secret());

        assertTrue(keys.authenticate(forged.value().reveal()).isEmpty());
        assertTrue(keys.authenticate(expired.value().reveal()).isEmpty(), "expired at this very instant");
        assertTrue(keys.authenticate(PresentedKey.generate(RANDOM).value().reveal()).isEmpty());
        assertEquals("static", keys.authenticate("static-key-123").orElseThrow().name());
    }

    @Test
    void the_cache_reloads_only_when_the_version_moved() {
        ManagedAccessKeys keys = keys();
        PresentedKey key = issue("svc", null);
        assertTrue(keys.authenticate(key.value().reveal()).isEmpty(), "not yet seen: requests never read the store");

        keys.refresh();
        assertTrue(keys.authenticate(key.value().reveal()).isPresent());
        int reads = store.activeKeysReads;
        keys.refresh();
        assertEquals(reads, store.activeKeysReads, "an unchanged version costs one small read, no reload");

        store.revoke(key.publicId(), NOW);
        keys.refresh();
        assertTrue(keys.authenticate(key.value().reveal()).isEmpty(), "revoked");
    }

    @Test
    void polling_picks_up_a_revocation_made_elsewhere() throws InterruptedException {
        PresentedKey key = issue("svc", null);
        try (ManagedAccessKeys keys = keys().polling(java.time.Duration.ofMillis(10))) {
            store.revoke(key.publicId(), NOW);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (keys.authenticate(key.value().reveal()).isPresent() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(keys.authenticate(key.value().reveal()).isEmpty());
        }
    }
}
