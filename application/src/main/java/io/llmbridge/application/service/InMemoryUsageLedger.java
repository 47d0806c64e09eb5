package io.llmbridge.application.service;

import io.llmbridge.application.port.out.UsageLedger;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UsageLine;
import io.llmbridge.domain.UsageTotals;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ledger in this process's memory, since it started. It holds one small line per key and
 * model, so it cannot grow with traffic: requests that never reached a route (unknown models,
 * refused keys) are left to the metrics, since a client could otherwise make up model names
 * without end.
 */
public final class InMemoryUsageLedger implements UsageLedger {
    private static final Comparator<UsageLine> ORDER = Comparator.comparing(UsageLine::keyName)
            .thenComparing(line -> line.model().id());

    private final ConcurrentMap<Account, UsageTotals> totals = new ConcurrentHashMap<>();
    private final Instant since;

    public InMemoryUsageLedger(Clock clock) {
        this.since = clock.instant();
    }

    @Override
    public void record(ChatRecord record) {
        Caller caller = record.request().caller();
        ModelRoute route = record.routing().route();
        if (caller == null || route == null) {
            return;
        }
        totals.merge(new Account(caller.name(), route.ref()), UsageTotals.of(record), UsageTotals::plus);
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public List<UsageLine> lines() {
        return totals.entrySet().stream()
                .map(entry -> new UsageLine(entry.getKey().keyName(), entry.getKey().model(), entry.getValue()))
                .sorted(ORDER).toList();
    }

    @Override
    public List<UsageLine> lines(String keyName) {
        return lines().stream().filter(line -> line.keyName().equals(keyName)).toList();
    }

    private record Account(String keyName, ModelRef model) {
    }
}
