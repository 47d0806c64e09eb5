package io.llmbridge.adapter.out.limits;

import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.BudgetPeriod;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaTicket;
import io.llmbridge.domain.quota.ScopeLimits;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Redis gate's credit (see {@link QuotaCredits}): admissions taken from it, the credit Redis
 * grants with the admissions it decides, settlements of credited admissions, and credit given
 * back to Redis when its lifetime is over (a thread checks four times a lifetime) or the gate closes.
 */
final class CreditedAdmissions implements AutoCloseable {
    private final QuotaCredits credits;
    private final Duration lifetime;
    private final Function<ScopeLimits, String> keyOf;
    private final Consumer<Settling> settle;
    private final Map<String, QuotaCredits.Taken> held = new ConcurrentHashMap<>();
    /** A scope's credit key, made once: as many as scopes with distinct limits, like the gate's Redis keys. */
    private final Map<ScopeLimits, QuotaCredits.Key> creditKeys = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** A settlement for Redis, and the scopes it applies to. */
    record Settling(QuotaBatch.Settlement settlement, List<ScopeLimits> scopes) {
    }

    /**
     * @param settle sends a settlement to Redis, not waited for
     */
    CreditedAdmissions(Duration lifetime, Function<ScopeLimits, String> keyOf, Consumer<Settling> settle) {
        this.credits = new QuotaCredits(lifetime);
        this.lifetime = lifetime;
        this.keyOf = keyOf;
        this.settle = settle;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quota-credit-return");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(lifetime.toMillis() / 4, 1);
        sweeper.scheduleWithFixedDelay(() -> credits.expired(System.nanoTime()).forEach(this::giveBack),
                every, every, TimeUnit.MILLISECONDS);
    }

    List<QuotaCredits.Key> keys(Admission admission) {
        List<QuotaCredits.Key> keys = new ArrayList<>(admission.scopes().size());
        for (ScopeLimits scope : admission.scopes()) {
            keys.add(creditKeys.computeIfAbsent(scope, added -> new QuotaCredits.Key(keyOf.apply(added), QuotaBatch.limits(added))));
        }
        return keys;
    }

    /** The admission taken from credit, when every scope's credit covers it. */
    Optional<QuotaDecision.Admitted> admit(Admission admission, List<QuotaCredits.Key> keys, String ticketId) {
        long nowNanos = System.nanoTime();
        Optional<QuotaCredits.Taken> taken = credits.take(admission, keys, RedisQuotaGate.micros(admission.cost()), nowNanos);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        QuotaCredits.Credit first = taken.get().credits().getFirst();
        Instant now = first.grantedAt().plusNanos(nowNanos - first.grantedAtNanos());
        double nowMicros = MemoryQuotaGate.micros(now);
        List<MemoryQuotaGate.RateState> rates = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            rates.add(RedisQuotaGate.rates(admission.scopes().get(i), taken.get().requestsTats()[i],
                    taken.get().tokensTats()[i]));
        }
        held.put(ticketId, taken.get());
        return Optional.of(new QuotaDecision.Admitted(new QuotaTicket(ticketId, admission, now, false),
                MemoryQuotaGate.headroom(rates, nowMicros)));
    }

    /** Per scope, how many admissions' worth of credit to ask Redis for with this admission. */
    List<Integer> wants(Admission admission, List<QuotaCredits.Key> keys) {
        return credits.wants(admission, keys, RedisQuotaGate.micros(admission.cost()), System.nanoTime());
    }

    /**
     * Keeps the credit Redis granted with an admission it decided.
     *
     * @param granted per scope: admissions' worth, then concurrency slots, as batch.lua answers
     */
    void granted(Admission admission, List<QuotaCredits.Key> keys, String ticketId, Instant now, long nowNanos,
                 double[] requestsTats, double[] tokensTats, List<long[]> granted) {
        for (int i = 0; i < keys.size(); i++) {
            int worth = (int) granted.get(i)[0];
            if (worth <= 0) {
                continue;
            }
            List<String> slots = new ArrayList<>();
            for (int slot = 1; slot <= granted.get(i)[1]; slot++) {
                slots.add(ticketId + ":c" + (i + 1) + ":" + slot);
            }
            QuotaCredits.Credit credit = new QuotaCredits.Credit(keys.get(i), admission.scopes().get(i), now, nowNanos,
                    lifetime.toNanos(), BudgetPeriod.DAY.end(now), worth, admission.tokens(),
                    RedisQuotaGate.micros(admission.cost()), slots, requestsTats[i], tokensTats[i]);
            credits.granted(credit).ifPresent(this::giveBack);
        }
    }

    /**
     * Settles an admission taken from credit: into the credit where it is still open, otherwise
     * in Redis. False when the ticket was not admitted from credit.
     */
    boolean settle(QuotaTicket ticket, long extraTokens, long extraCostMicros) {
        QuotaCredits.Taken taken = held.remove(ticket.id());
        if (taken == null) {
            return false;
        }
        for (int i = 0; i < taken.credits().size(); i++) {
            QuotaCredits.Credit credit = taken.credits().get(i);
            String slot = taken.slots().get(i);
            if (!credits.settle(credit, slot, extraTokens, extraCostMicros)) {
                settle.accept(new Settling(settlement(ticket.admittedAt(), extraTokens, extraCostMicros, 0,
                        slot == null ? List.of() : List.of(slot)), List.of(credit.scope())));
            }
        }
        return true;
    }

    /** What is left of a credit, back to Redis: its requests, tokens and cost, and its free slots. */
    private void giveBack(QuotaCredits.Credit credit) {
        settle.accept(new Settling(settlement(credit.grantedAt(), -credit.tokensLeft(), -credit.costLeft(),
                credit.requestsLeft(), credit.freeSlots()), List.of(credit.scope())));
    }

    private static QuotaBatch.Settlement settlement(Instant countedAt, long extraTokens, long extraCost, long requestsBack,
                                                    List<String> slots) {
        LocalDate day = LocalDate.ofInstant(countedAt, ZoneOffset.UTC);
        return new QuotaBatch.Settlement(extraTokens, extraCost, requestsBack, slots, day.toEpochDay(),
                day.getYear() * 12L + day.getMonthValue() - 1, BudgetPeriod.DAY.end(countedAt).getEpochSecond(),
                BudgetPeriod.MONTH.end(countedAt).getEpochSecond());
    }

    /** Stops the sweeper and gives every credit back through {@code settle}. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        credits.all().forEach(this::giveBack);
    }

    static QuotaBatch.Settlement settlementOf(Instant countedAt, long extraTokens, long extraCost, List<String> slots) {
        return settlement(countedAt, extraTokens, extraCost, 0, slots);
    }
}
