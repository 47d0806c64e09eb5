package io.llmbridge.application.service;

import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.PresentedKey;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Managed keys in memory, by public id, in front of the static keys. A request never reads the
 * database: a background task polls {@link KeyStore#version()} and reloads the active keys when
 * it moved, so a revocation on any replica is refused here within one poll. A key that does not
 * have the managed shape, or whose id is not cached, is the static keys' to judge.
 */
public final class ManagedAccessKeys implements AccessKeys, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ManagedAccessKeys.class.getName());

    private final KeyStore store;
    private final AccessKeys staticKeys;
    private final Clock clock;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("managed-keys-poll").factory());
    private volatile Snapshot snapshot;
    private volatile boolean failing;

    /** Loads the active keys once; throws what the store throws when it cannot be read. */
    public ManagedAccessKeys(KeyStore store, AccessKeys staticKeys, Clock clock) {
        this.store = store;
        this.staticKeys = staticKeys;
        this.clock = clock;
        this.snapshot = Snapshot.of(store.activeKeys());
    }

    /** Polls the store's version every {@code interval} until closed. */
    public ManagedAccessKeys polling(Duration interval) {
        poller.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        Optional<PresentedKey> managed = PresentedKey.parse(presentedKey);
        if (managed.isPresent()) {
            Known known = snapshot.byId().get(managed.get().publicId());
            if (known != null) {
                return known.credential().verifies(managed.get()) && known.credential().key().activeAt(clock.instant())
                        ? Optional.of(known.caller()) : Optional.empty();
            }
        }
        return staticKeys.authenticate(presentedKey);
    }

    /** Reloads now when the store's version moved: after a change made through this process. */
    public void refresh() {
        long version = store.version();
        if (version != snapshot.version()) {
            snapshot = Snapshot.of(store.activeKeys());
        }
    }

    private void pollQuietly() {
        try {
            refresh();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "Managed keys are read from the store again");
            }
        } catch (RuntimeException e) {
            // The last keys known stay in force; a revocation waits for the store to come back.
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "Managed keys cannot be reloaded from the store; the last ones known "
                        + "stay in force until it answers again: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private record Snapshot(long version, Map<String, Known> byId) {
        static Snapshot of(KeyStore.ActiveKeys active) {
            return new Snapshot(active.version(), active.keys().stream()
                    .collect(Collectors.toUnmodifiableMap(credential -> credential.key().id(), Known::new)));
        }
    }

    /** A key with its caller made once, when the keys are loaded, not on every request. */
    private record Known(KeyStore.Credential credential, Caller caller) {
        Known(KeyStore.Credential credential) {
            this(credential, credential.key().caller());
        }
    }
}
