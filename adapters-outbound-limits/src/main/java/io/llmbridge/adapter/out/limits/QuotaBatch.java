package io.llmbridge.adapter.out.limits;

import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.ScopeLimits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The arguments of one run of {@code batch.lua}: settlements first, then admissions, each naming
 * its scopes by an entry (a key and its limits) that the batch lists once however many operations
 * share it.
 */
final class QuotaBatch {
    private static final String NO_LIMIT = "-1";

    private final Function<ScopeLimits, String> keyOf;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> keyIndexes = new HashMap<>();
    private final List<String> entryArgs = new ArrayList<>();
    private final Map<List<String>, Integer> entryNumbers = new HashMap<>();
    private final List<String> operationArgs = new ArrayList<>();
    private final Map<SettlementGroup, Settled> settlements = new LinkedHashMap<>();
    private final String leaseMicros;

    QuotaBatch(Function<ScopeLimits, String> keyOf, long leaseMicros) {
        this.keyOf = keyOf;
        this.leaseMicros = Long.toString(leaseMicros);
    }

    /**
     * A settlement. Settlements of the same scopes and budget periods whose differences go the same
     * way travel as one: their differences summed, their tickets listed (the outcome is the same as
     * settling each in turn, and Lua does far less).
     */
    void settle(Settlement settlement, List<ScopeLimits> scopes) {
        List<Integer> entries = scopes.stream().map(this::entry).toList();
        SettlementGroup group = new SettlementGroup(entries, settlement.day(), settlement.month(), settlement.dayEnd(),
                settlement.monthEnd(), settlement.extraTokens() >= 0, settlement.extraCostMicros() >= 0);
        settlements.computeIfAbsent(group, added -> new Settled()).add(settlement);
    }

    /**
     * An admission; batch.lua answers each with one reply, in the order they were added.
     *
     * @param wants per scope, how many admissions' worth of credit to ask for (0: none)
     */
    void admit(List<String> head, List<ScopeLimits> scopes, List<Integer> wants) {
        operation("A", head, scopes);
        wants.forEach(want -> operationArgs.add(Integer.toString(want)));
    }

    String[] keys() {
        return keys.toArray(String[]::new);
    }

    String[] args() {
        List<String> args = new ArrayList<>(2 + entryArgs.size() + operationArgs.size());
        args.add(leaseMicros);
        args.add(Integer.toString(entryNumbers.size()));
        args.addAll(entryArgs);
        settlements.forEach((group, settled) -> {
            args.addAll(List.of("S", Long.toString(settled.extraTokens), Long.toString(settled.extraCostMicros),
                    Long.toString(settled.requestsBack), Long.toString(group.day()), Long.toString(group.month()), Long.toString(group.dayEnd()),
                    Long.toString(group.monthEnd()), Integer.toString(settled.tickets.size())));
            args.addAll(settled.tickets);
            args.add(Integer.toString(group.entries().size()));
            group.entries().forEach(entry -> args.add(Integer.toString(entry)));
        });
        args.addAll(operationArgs);
        return args.toArray(String[]::new);
    }

    private void operation(String kind, List<String> head, List<ScopeLimits> scopes) {
        operationArgs.add(kind);
        operationArgs.addAll(head);
        operationArgs.add(Integer.toString(scopes.size()));
        for (ScopeLimits scope : scopes) {
            operationArgs.add(Integer.toString(entry(scope)));
        }
    }

    private int entry(ScopeLimits scope) {
        String key = keyOf.apply(scope);
        int keyIndex = keyIndexes.computeIfAbsent(key, added -> {
            keys.add(added);
            return keys.size();
        });
        List<String> entry = new ArrayList<>(1 + LimitKind.values().length);
        entry.add(Integer.toString(keyIndex));
        entry.addAll(limits(scope));
        return entryNumbers.computeIfAbsent(entry, added -> {
            entryArgs.addAll(added);
            return entryNumbers.size() + 1;
        });
    }

    /**
     * What one settlement changes: the differences between use and reservation (negative when less
     * was used), requests given back (an unused credit's), the tickets whose concurrency slots it
     * frees, and the budget periods (epoch day, month since year 0, their ends in epoch seconds)
     * the reservation was counted in.
     */
    record Settlement(long extraTokens, long extraCostMicros, long requestsBack, List<String> tickets, long day,
                      long month, long dayEnd, long monthEnd) {
        Settlement {
            tickets = List.copyOf(tickets);
        }
    }

    private record SettlementGroup(List<Integer> entries, long day, long month, long dayEnd, long monthEnd,
                                   boolean moreTokens, boolean moreCost) {
    }

    private static final class Settled {
        private long extraTokens;
        private long extraCostMicros;
        private long requestsBack;
        private final List<String> tickets = new ArrayList<>();

        void add(Settlement settlement) {
            extraTokens += settlement.extraTokens();
            extraCostMicros += settlement.extraCostMicros();
            requestsBack += settlement.requestsBack();
            tickets.addAll(settlement.tickets());
        }
    }

    /** A scope's seven limits as the scripts take them: costs in whole millionths, -1 for none. */
    static List<String> limits(ScopeLimits scope) {
        List<String> limits = new ArrayList<>(LimitKind.values().length);
        for (LimitKind kind : LimitKind.values()) {
            limits.add(scope.limits().get(kind).map(limit -> kind.measure() == LimitKind.Measure.COST
                    ? Long.toString(RedisQuotaGate.micros(limit)) : limit.toPlainString()).orElse(NO_LIMIT));
        }
        return limits;
    }
}
