package io.llmbridge.application.port.out;

import io.llmbridge.domain.KeyHash;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.PresentedKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where managed keys live, shared by every gateway replica. Administration reads and writes it
 * directly; authentication must not: it keeps {@link #activeKeys} in memory and reloads them
 * when {@link #version} moves, so no request waits for the database.
 * <p>
 * Every method may throw a {@code BridgeException} of kind {@code UNAVAILABLE} when the store
 * cannot be reached.
 */
public interface KeyStore {
    /**
     * Stores a newly issued key with the hash of its secret.
     *
     * @throws DuplicateKeyNameException when a key (even a revoked one) already has this name
     */
    void create(ManagedKey key, KeyHash hash);

    Optional<ManagedKey> find(String id);

    /** Every key, revoked ones included, by creation time; {@code team} null for all teams. */
    List<ManagedKey> list(String team);

    /**
     * Applies {@code update} to the key as it is now, atomically.
     *
     * @return the key as updated; empty when there is no such key
     * @throws IllegalArgumentException when the update makes the key invalid (nothing is written)
     */
    Optional<ManagedKey> update(String id, KeyUpdate update);

    /**
     * Marks the key revoked (once: a second revocation keeps the first time). Its row stays, so
     * its name is never reused and its usage history keeps pointing at it.
     *
     * @return the key as revoked; empty when there is no such key
     */
    Optional<ManagedKey> revoke(String id, Instant when);

    /**
     * A number that changes whenever any key is created, updated or revoked: one cheap read, for
     * a replica to poll and reload {@link #activeKeys} only when it moved.
     */
    long version();

    /** Every key that is neither revoked nor disabled, with what verifies it. */
    ActiveKeys activeKeys();

    /**
     * The keys that can authenticate, as of {@code version} or later: a reader that polls
     * {@link #version} and finds a larger one reloads (a change that landed between the two reads
     * makes it reload once more, never miss it).
     */
    record ActiveKeys(long version, List<Credential> keys) {
        public ActiveKeys {
            keys = List.copyOf(keys);
        }
    }

    /** A key and the hash of its secret. Expiry is still to be checked at use. */
    record Credential(ManagedKey key, KeyHash hash) {
        public Credential {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(hash, "hash");
        }

        /** Whether {@code presented} is this key, in constant time; the caller checks the public id first. */
        public boolean verifies(PresentedKey presented) {
            return key.id().equals(presented.publicId()) & hash.matches(presented.secret());
        }
    }
}
