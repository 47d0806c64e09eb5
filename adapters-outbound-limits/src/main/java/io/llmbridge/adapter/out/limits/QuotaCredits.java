package io.llmbridge.adapter.out.limits;

import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.ScopeLimits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quota this replica took from Redis ahead of need, per scope and its limits (docs/limits.md,
 * "Credit"): so many requests, tokens, cost and concurrency slots, already counted as used in
 * Redis. An admission that every one of its scopes' credits covers is admitted here, without a
 * round trip; its settlement gives its slots back to the credit and its unused tokens to the
 * credit too. A credit lives {@code lifetime}; what is left of it then goes back to Redis. Redis
 * grants credit only while a scope is far from its limits, so near a limit every admission is
 * decided in Redis, one by one. Every method holds the one lock for a few counter updates.
 */
final class QuotaCredits {
    private static final int FIRST_WANT = 16;
    private static final int MOST_WANT = 1024;
    /** A credit used up sooner than this after its grant asks for twice as much next time. */
    private static final long QUICKLY_NANOS = Duration.ofMillis(250).toNanos();

    private final long lifetimeNanos;
    private final Map<Key, Credit> live = new HashMap<>();
    private final Map<Key, Integer> wants = new HashMap<>();

    QuotaCredits(Duration lifetime) {
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** A scope as Redis knows it (its base key) with the limits a credit was granted under. */
    record Key(String redisKey, List<String> limits) {
    }

    /**
     * Takes what {@code admission} needs from the credits of all its scopes, or nothing.
     *
     * @return the credits and slots taken, one per scope in order; empty when one does not cover it
     */
    synchronized Optional<Taken> take(Admission admission, List<Key> keys, long costMicros, long nowNanos) {
        List<Credit> credits = new ArrayList<>(keys.size());
        for (Key key : keys) {
            Credit credit = live.get(key);
            if (credit == null || credit.expiresAtNanos - nowNanos <= 0 || !credit.covers(admission.tokens(), costMicros)) {
                return Optional.empty();
            }
            credits.add(credit);
        }
        List<String> slots = new ArrayList<>(credits.size());
        double[] requestsTats = new double[credits.size()];
        double[] tokensTats = new double[credits.size()];
        for (int i = 0; i < credits.size(); i++) {
            Credit credit = credits.get(i);
            slots.add(credit.take(admission.tokens(), costMicros));
            requestsTats[i] = credit.requestsTat();
            tokensTats[i] = credit.tokensTat();
        }
        return Optional.of(new Taken(credits, slots, requestsTats, tokensTats));
    }

    /** How many admissions' worth of credit to ask for with an admission Redis decides: 0 where a live credit covers it. */
    synchronized List<Integer> wants(Admission admission, List<Key> keys, long costMicros, long nowNanos) {
        List<Integer> asked = new ArrayList<>(keys.size());
        for (Key key : keys) {
            Credit credit = live.get(key);
            boolean covered = credit != null && credit.expiresAtNanos - nowNanos > 0
                    && credit.covers(admission.tokens(), costMicros);
            asked.add(covered ? 0 : wants.getOrDefault(key, FIRST_WANT));
        }
        return asked;
    }

    /**
     * Keeps a credit Redis granted; the one it replaces is handed back to be given back to Redis.
     */
    synchronized Optional<Credit> granted(Credit credit) {
        Credit replaced = live.put(credit.key, credit);
        if (replaced == null) {
            return Optional.empty();
        }
        boolean quickly = credit.grantedAtNanos - replaced.grantedAtNanos < QUICKLY_NANOS;
        int want = wants.getOrDefault(credit.key, FIRST_WANT);
        wants.put(credit.key, quickly ? Math.min(MOST_WANT, want * 2) : Math.max(FIRST_WANT, want / 2));
        replaced.closed = true;
        return Optional.of(replaced);
    }

    /** Credits whose lifetime is over, taken out to be given back to Redis. */
    synchronized List<Credit> expired(long nowNanos) {
        List<Credit> expired = new ArrayList<>();
        live.values().removeIf(credit -> {
            if (credit.expiresAtNanos - nowNanos > 0) {
                return false;
            }
            credit.closed = true;
            expired.add(credit);
            wants.remove(credit.key); // a scope quiet for a lifetime starts small again
            return true;
        });
        return expired;
    }

    /** Every credit, taken out to be given back (on closing). */
    synchronized List<Credit> all() {
        List<Credit> all = new ArrayList<>(live.values());
        all.forEach(credit -> credit.closed = true);
        live.clear();
        return all;
    }

    /**
     * Gives a settled admission's slot and unused tokens and cost back to its credit, or charges
     * what it used beyond its reservation to it; false when the credit is closed or too small for
     * the excess, and the settlement goes to Redis.
     */
    synchronized boolean settle(Credit credit, String slot, long extraTokens, long extraCostMicros) {
        if (credit.closed || !credit.absorbs(extraTokens, extraCostMicros)) {
            return false;
        }
        if (slot != null) {
            credit.freeSlots.add(slot);
        }
        if (credit.tokens >= 0) {
            credit.tokens -= extraTokens;
        }
        if (credit.costMicros >= 0) {
            credit.costMicros -= extraCostMicros;
        }
        return true;
    }

    /**
     * What one admission took: per scope its credit and the slot (null where the scope has no
     * concurrency limit), and the scope's rpm and tpm schedules as this replica saw them then.
     */
    record Taken(List<Credit> credits, List<String> slots, double[] requestsTats, double[] tokensTats) {
    }

    /**
     * One scope's credit. A figure of -1 means the scope has no limit it counts against, so any
     * admission is covered.
     */
    static final class Credit {
        private final Key key;
        private final ScopeLimits scope;
        private final Instant grantedAt;
        private final long grantedAtNanos;
        private final long expiresAtNanos;
        private final int worth;
        private final long grantedTokens;
        private final double requestsTat;
        private final double tokensTat;
        private long requests;
        private long tokens;
        private long costMicros;
        private final ArrayDeque<String> freeSlots;
        private boolean closed;

        /**
         * @param worth       admissions' worth granted, each {@code tokens} and {@code costMicros}
         * @param slots       the concurrency slots granted; empty when the scope has no concurrency limit
         * @param requestsTat the scope's rpm schedule (µs, Redis's clock) before the grant
         * @param tokensTat   its tpm schedule before the grant
         */
        Credit(Key key, ScopeLimits scope, Instant grantedAt, long grantedAtNanos, long lifetimeNanos, Instant periodEnd,
               int worth, long tokens, long costMicros, List<String> slots, double requestsTat, double tokensTat) {
            this.key = key;
            this.scope = scope;
            this.grantedAt = grantedAt;
            this.grantedAtNanos = grantedAtNanos;
            long untilPeriodEnd = Duration.between(grantedAt, periodEnd).toNanos();
            this.expiresAtNanos = grantedAtNanos + Math.min(lifetimeNanos, Math.max(untilPeriodEnd, 0));
            this.worth = worth;
            this.requests = has(scope, LimitKind.RPM) ? worth : -1;
            this.grantedTokens = worth * tokens;
            this.tokens = has(scope, LimitKind.TPM) || has(scope, LimitKind.DAILY_TOKENS) || has(scope, LimitKind.MONTHLY_TOKENS)
                    ? grantedTokens : -1;
            this.costMicros = has(scope, LimitKind.DAILY_COST) || has(scope, LimitKind.MONTHLY_COST) ? worth * costMicros : -1;
            this.freeSlots = has(scope, LimitKind.CONCURRENT) ? new ArrayDeque<>(slots) : null;
            this.requestsTat = requestsTat;
            this.tokensTat = tokensTat;
        }

        private static boolean has(ScopeLimits scope, LimitKind kind) {
            return scope.limits().get(kind).isPresent();
        }

        private boolean covers(long tokensNeeded, long costNeeded) {
            return requests != 0 && (tokens < 0 || tokens >= tokensNeeded) && (costMicros < 0 || costMicros >= costNeeded)
                    && (freeSlots == null || !freeSlots.isEmpty());
        }

        private boolean absorbs(long extraTokens, long extraCost) {
            return (tokens < 0 || tokens >= extraTokens) && (costMicros < 0 || costMicros >= extraCost);
        }

        private String take(long tokensTaken, long costTaken) {
            if (requests > 0) {
                requests--;
            }
            if (tokens >= 0) {
                tokens -= tokensTaken;
            }
            if (costMicros >= 0) {
                costMicros -= costTaken;
            }
            return freeSlots == null ? null : freeSlots.poll();
        }

        ScopeLimits scope() {
            return scope;
        }

        Instant grantedAt() {
            return grantedAt;
        }

        long grantedAtNanos() {
            return grantedAtNanos;
        }

        /** The scope's rpm schedule as this replica sees it: what the credit has used of its grant counted. */
        double requestsTat() {
            if (requests < 0 || scope.limits().count(LimitKind.RPM) <= 0) {
                return requestsTat;
            }
            return requestsTat + (worth - requests) * Gcra.WINDOW_MICROS / scope.limits().count(LimitKind.RPM);
        }

        /** The scope's tpm schedule likewise. */
        double tokensTat() {
            if (!has(scope, LimitKind.TPM) || scope.limits().count(LimitKind.TPM) <= 0) {
                return tokensTat;
            }
            return tokensTat + (grantedTokens - tokens) * Gcra.WINDOW_MICROS / scope.limits().count(LimitKind.TPM);
        }

        /** Requests left to give back; 0 when the scope has no rpm. */
        long requestsLeft() {
            return Math.max(requests, 0);
        }

        long tokensLeft() {
            return Math.max(tokens, 0);
        }

        long costLeft() {
            return Math.max(costMicros, 0);
        }

        List<String> freeSlots() {
            return freeSlots == null ? List.of() : List.copyOf(freeSlots);
        }
    }
}
