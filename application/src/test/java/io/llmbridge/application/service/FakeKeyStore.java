package io.llmbridge.application.service;

import io.llmbridge.application.port.out.DuplicateKeyNameException;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.domain.KeyHash;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The key store in a map, with the real one's version rule: every change moves it. */
final class FakeKeyStore implements KeyStore {
    private final Map<String, Credential> keys = new LinkedHashMap<>();
    private long version;
    int activeKeysReads;

    @Override
    public synchronized void create(ManagedKey key, KeyHash hash) {
        if (keys.values().stream().anyMatch(existing -> existing.key().name().equals(key.name()))) {
            throw new DuplicateKeyNameException(key.name());
        }
        keys.put(key.id(), new Credential(key, hash));
        version++;
    }

    @Override
    public synchronized Optional<ManagedKey> find(String id) {
        return Optional.ofNullable(keys.get(id)).map(Credential::key);
    }

    @Override
    public synchronized List<ManagedKey> list(String team) {
        return keys.values().stream().map(Credential::key).filter(key -> team == null || team.equals(key.team())).toList();
    }

    @Override
    public synchronized Optional<ManagedKey> update(String id, KeyUpdate update) {
        return change(id, key -> update.applyTo(key));
    }

    @Override
    public synchronized Optional<ManagedKey> revoke(String id, Instant when) {
        return change(id, key -> key.revoked() ? key : key.revokedAt(when));
    }

    private Optional<ManagedKey> change(String id, java.util.function.UnaryOperator<ManagedKey> change) {
        Credential credential = keys.get(id);
        if (credential == null) {
            return Optional.empty();
        }
        ManagedKey changed = change.apply(credential.key());
        keys.put(id, new Credential(changed, credential.hash()));
        version++;
        return Optional.of(changed);
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized ActiveKeys activeKeys() {
        activeKeysReads++;
        return new ActiveKeys(version, new ArrayList<>(keys.values().stream()
                .filter(credential -> !credential.key().revoked() && !credential.key().disabled()).toList()));
    }
}
