package io.llmbridge.application.service;

import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One provider's API keys: requests take them in turn; a key the upstream rejected (401/403) or
 * rate-limited with a {@code Retry-After} sits out for a while. Keys are named in logs by
 * fingerprint only.
 */
final class KeyRing {
    private static final System.Logger LOG = System.getLogger(KeyRing.class.getName());

    /** One key of the ring; {@code index} identifies it within the ring. */
    record Key(int index, KeyedProvider instance) {
        String fingerprint() {
            return instance.keyFingerprint();
        }

        String describe() {
            return fingerprint() == null ? "(keyless)" : fingerprint();
        }
    }

    private final String provider;
    private final List<Key> keys;
    private final long[] coolingUntil;
    private final Duration rejectedCooldown;
    private final Timing timing;
    private int next;

    KeyRing(String provider, List<KeyedProvider> instances, Duration rejectedCooldown, Timing timing) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key");
        }
        this.provider = provider;
        this.keys = java.util.stream.IntStream.range(0, instances.size()).mapToObj(i -> new Key(i, instances.get(i))).toList();
        this.coolingUntil = new long[instances.size()];
        this.rejectedCooldown = rejectedCooldown;
        this.timing = timing;
        long now = timing.nanoTime();
        java.util.Arrays.fill(coolingUntil, now);
    }

    /**
     * The ring of a configured provider's instances.
     *
     * @throws BridgeException {@code INTERNAL} when no instance is wired for it
     */
    static KeyRing of(ChatProviders providers, String provider, Duration rejectedCooldown, Timing timing) {
        List<KeyedProvider> keyed = providers.keyed(provider);
        if (keyed.isEmpty()) {
            throw BridgeException.of(ErrorKind.INTERNAL, "No provider is wired for '" + provider + "'.").build();
        }
        return new KeyRing(provider, keyed, rejectedCooldown, timing);
    }

    int size() {
        return keys.size();
    }

    /**
     * The next key in turn that this request has not already seen fail and that is not sitting
     * out; failing that, the one whose cool-down ends first (an answer, even a refusal, beats none).
     */
    synchronized Key pick(Set<Integer> spent) {
        long now = timing.nanoTime();
        for (int i = 0; i < keys.size(); i++) {
            int index = (next + i) % keys.size();
            if (!spent.contains(index) && coolingUntil[index] - now <= 0) {
                next = index + 1;
                return keys.get(index);
            }
        }
        Key soonest = null;
        for (Key key : keys) {
            boolean better = soonest == null
                    || (spent.contains(soonest.index()) && !spent.contains(key.index()))
                    || (spent.contains(soonest.index()) == spent.contains(key.index())
                        && coolingUntil[key.index()] - coolingUntil[soonest.index()] < 0);
            if (better) {
                soonest = key;
            }
        }
        return soonest;
    }

    /** Whether a key is left that this request has not seen fail and that is not sitting out. */
    synchronized boolean hasFreshKey(Set<Integer> spent) {
        long now = timing.nanoTime();
        for (int index = 0; index < keys.size(); index++) {
            if (!spent.contains(index) && coolingUntil[index] - now <= 0) {
                return true;
            }
        }
        return false;
    }

    /** The upstream refused the key (401/403): it sits out for the cool-down. */
    void rejected(Key key, Integer status) {
        coolDown(key, rejectedCooldown);
        LOG.log(System.Logger.Level.WARNING, "Provider '" + provider + "' rejected API key " + key.describe()
                + " (HTTP " + status + "); it is out of rotation for " + rejectedCooldown.toSeconds() + " s");
    }

    /** The upstream rate-limited the key and said for how long (null: it did not say). */
    void rateLimited(Key key, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isZero()) {
            coolDown(key, retryAfter);
            LOG.log(System.Logger.Level.INFO, "Provider '" + provider + "' rate-limited API key " + key.describe()
                    + "; it sits out for " + retryAfter.toMillis() + " ms");
        }
    }

    private synchronized void coolDown(Key key, Duration duration) {
        long until = timing.nanoTime() + duration.toNanos();
        if (until - coolingUntil[key.index()] > 0) {
            coolingUntil[key.index()] = until;
        }
    }
}
