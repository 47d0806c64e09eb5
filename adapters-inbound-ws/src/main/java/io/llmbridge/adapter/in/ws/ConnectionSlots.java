package io.llmbridge.adapter.in.ws;

import java.util.HashMap;
import java.util.Map;

/**
 * The endpoint's open connections, counted in total and per access key (by the key's name), so that
 * one tenant, or anyone without a key, cannot hold every socket the gateway can keep.
 */
final class ConnectionSlots {
    private final int maxTotal;
    private final int maxPerKey;
    private final Map<String, Integer> perKey = new HashMap<>();
    private int total;

    ConnectionSlots(int maxTotal, int maxPerKey) {
        this.maxTotal = maxTotal;
        this.maxPerKey = maxPerKey;
    }

    /** A check before the upgrade, so that most refusals are a clean HTTP status; {@link #take()} decides. */
    synchronized boolean isFull() {
        return total >= maxTotal;
    }

    synchronized boolean isFull(String keyName) {
        return perKey.getOrDefault(keyName, 0) >= maxPerKey;
    }

    /** @return the connection's slot, or null when the endpoint already has its most connections */
    synchronized Slot take() {
        if (total >= maxTotal) {
            return null;
        }
        total++;
        return new Slot();
    }

    /** One open connection's place; released once, when it ends. */
    final class Slot {
        private String keyName;
        private boolean released;

        /**
         * Counts the connection for the key it authenticated with; a connection counts for one key only.
         *
         * @return false when that key already has its most connections open
         */
        boolean claimFor(String name) {
            synchronized (ConnectionSlots.this) {
                if (released || keyName != null) {
                    return true;
                }
                int open = perKey.getOrDefault(name, 0);
                if (open >= maxPerKey) {
                    return false;
                }
                perKey.put(name, open + 1);
                keyName = name;
                return true;
            }
        }

        void release() {
            synchronized (ConnectionSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                total--;
                if (keyName != null) {
                    perKey.computeIfPresent(keyName, (name, open) -> open == 1 ? null : open - 1);
                }
            }
        }
    }
}
