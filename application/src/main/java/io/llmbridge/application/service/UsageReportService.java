package io.llmbridge.application.service;

import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageLedger;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.UsageLine;
import io.llmbridge.domain.UsageTotals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the ledger for a caller: a user sees its own key, an admin every key. */
public final class UsageReportService implements UsageReportUseCase {
    private final UsageLedger ledger;
    private final ChatRecorder recorders;

    public UsageReportService(UsageLedger ledger, List<? extends ChatRecorder> recorders) {
        this.ledger = ledger;
        this.recorders = new ChatRecorders(recorders);
    }

    /** Recorded like every request: an admin reading every key's usage is worth an audit line. */
    @Override
    public UsageReport report(Caller caller, RequestContext context) {
        boolean admin = caller.role() == Caller.Role.ADMIN;
        List<UsageLine> lines = admin ? ledger.lines() : ledger.lines(caller.name());
        Map<String, List<UsageLine>> byKey = new TreeMap<>();
        // The caller's own key is always there, with zeros before its first request.
        byKey.put(caller.name(), new ArrayList<>());
        for (UsageLine line : lines) {
            byKey.computeIfAbsent(line.keyName(), name -> new ArrayList<>()).add(line);
        }
        List<UsageReport.KeyUsage> keys = byKey.entrySet().stream()
                .map(entry -> new UsageReport.KeyUsage(entry.getKey(), sum(entry.getValue()), entry.getValue()))
                .toList();
        UsageReport report = new UsageReport(ledger.since(), admin, keys);
        recorders.record(ChatRecord.answered(context, caller, null));
        return report;
    }

    private static UsageTotals sum(List<UsageLine> lines) {
        return lines.stream().map(UsageLine::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
    }
}
