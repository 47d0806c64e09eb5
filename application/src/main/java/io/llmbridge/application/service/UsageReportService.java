package io.llmbridge.application.service;

import io.llmbridge.application.port.in.UsageFilter;
import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageGroup;
import io.llmbridge.application.port.out.UsageQuery;
import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.UsageTotals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the usage history for a caller: a user sees its own key, an admin every key. */
public final class UsageReportService implements UsageReportUseCase {
    private final UsageStore store;
    private final String currency;
    private final ChatRecorder recorders;

    public UsageReportService(UsageStore store, Prices prices, List<? extends ChatRecorder> recorders) {
        this.store = store;
        this.currency = prices.currency();
        this.recorders = new ChatRecorders(recorders);
    }

    /** Recorded like every request: an admin reading every key's usage is worth an audit line. */
    @Override
    public UsageReport report(Caller caller, UsageFilter filter, RequestContext context) {
        try {
            UsageReport report = read(caller, filter);
            recorders.record(ChatRecord.answered(context, caller, filter.model()));
            return report;
        } catch (BridgeException e) {
            recorders.record(ChatRecord.refused(context, caller, filter.model(), e));
            throw e;
        }
    }

    private UsageReport read(Caller caller, UsageFilter filter) {
        boolean admin = caller.isAdmin();
        UsageQuery query = new UsageQuery(filter.from(), filter.to(), filter.team(), filter.model(),
                admin ? null : caller.name(), List.of());
        Map<String, List<UsageGroup>> byKey = new TreeMap<>();
        // The caller's own key is always there, with zeros before its first request.
        byKey.put(caller.name(), new ArrayList<>());
        for (UsageGroup line : store.totals(query.groupBy(UsageQuery.Dimension.KEY, UsageQuery.Dimension.MODEL))) {
            byKey.computeIfAbsent(line.keyName(), name -> new ArrayList<>()).add(line);
        }
        List<UsageReport.KeyUsage> keys = byKey.entrySet().stream().map(entry -> keyUsage(entry.getKey(), entry.getValue())).toList();
        List<UsageReport.Group> groups = filter.groupBy().isEmpty() ? null : store.totals(new UsageQuery(query.from(), query.to(),
                        query.team(), query.model(), query.keyName(), filter.groupBy().stream()
                        .map(dimension -> UsageQuery.Dimension.valueOf(dimension.name())).toList()))
                .stream().map(group -> new UsageReport.Group(group.keyName(), group.team(), group.model(), group.day(),
                        group.totals(), group.cost())).toList();
        return new UsageReport(filter.from() == null ? Instant.EPOCH : filter.from(), admin, currency, keys, groups);
    }

    private static UsageReport.KeyUsage keyUsage(String keyName, List<UsageGroup> lines) {
        UsageTotals totals = lines.stream().map(UsageGroup::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
        BigDecimal cost = lines.stream().map(UsageGroup::cost).filter(java.util.Objects::nonNull).reduce(BigDecimal::add).orElse(null);
        return new UsageReport.KeyUsage(keyName, totals, cost, lines.stream()
                .map(line -> new UsageReport.ModelUsage(ModelRef.parse(line.model()), line.totals(), line.cost())).toList());
    }
}
