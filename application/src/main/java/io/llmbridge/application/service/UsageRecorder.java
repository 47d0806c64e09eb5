package io.llmbridge.application.service;

import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.UsageRow;

import java.time.Clock;

/**
 * Turns every finished chat that reached a route into a priced usage row and hands it to the
 * store's queue, which never blocks. Requests that reached no configured model (refused keys,
 * invented model names) are left to the audit and the metrics, so a client cannot grow the
 * history with names it makes up.
 */
public final class UsageRecorder implements ChatRecorder {
    private final UsageStore store;
    private final Prices prices;
    private final Clock clock;

    public UsageRecorder(UsageStore store, Prices prices, Clock clock) {
        this.store = store;
        this.prices = prices;
        this.clock = clock;
    }

    @Override
    public void record(ChatRecord record) {
        Caller caller = record.request().caller();
        ModelRoute route = record.routing().route();
        if (caller == null || route == null) {
            return;
        }
        store.append(UsageRow.priced(clock.instant(), caller.keyId(), caller.name(), caller.team(), route.ref(),
                record.ending().outcome(), record.ending().usage(), prices));
    }
}
