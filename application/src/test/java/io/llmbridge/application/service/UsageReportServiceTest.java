package io.llmbridge.application.service;

import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.UsageTotals;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageReportServiceTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final Caller TEAM_A = new Caller("team-a", Caller.Role.USER);
    private static final Caller TEAM_B = new Caller("team-b", Caller.Role.USER);
    private static final Caller OPS = new Caller("ops", Caller.Role.ADMIN);
    private static final RequestContext CONTEXT = RequestContext.received(Transport.HTTP, "usage.get", "10.0.0.9");

    private final InMemoryUsageLedger ledger = new InMemoryUsageLedger(Clock.fixed(START, ZoneOffset.UTC));
    private final UsageReportService reports = new UsageReportService(ledger, List.of());

    private static ChatRecord record(Caller caller, String model, Outcome outcome, Usage usage) {
        ModelRoute route = model == null ? null : new ModelRoute(ModelRef.parse(model), "x", null, Duration.ofSeconds(1), ParamRules.NONE);
        return record(caller, model, route, outcome, usage);
    }

    private static ChatRecord record(Caller caller, String model, ModelRoute route, Outcome outcome, Usage usage) {
        return new ChatRecord(new ChatRecord.Request(RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null),
                caller, model, false), new ChatRecord.Routing(route, null, List.of(), null), ChatRecord.Answer.NONE,
                new ChatRecord.Ending(outcome, null, usage, null, Duration.ZERO), null);
    }

    private void feed() {
        ledger.record(record(TEAM_A, "deepseek/deepseek-chat", Outcome.SUCCESS, new Usage(10L, 5L, 15L, null, null, UsageSource.PROVIDER)));
        ledger.record(record(TEAM_A, "deepseek/deepseek-chat", Outcome.CANCELLED, Usage.estimated(10, 2, null)));
        ledger.record(record(TEAM_A, "echo/echo-1", Outcome.FAILURE, null));
        ledger.record(record(TEAM_B, "echo/echo-1", Outcome.SUCCESS, new Usage(1L, 1L, 2L, null, null, UsageSource.PROVIDER)));
        ledger.record(record(TEAM_B, "nobody/invented", null, Outcome.FAILURE, null));
        ledger.record(record(null, null, Outcome.FAILURE, null));
    }

    @Test
    void a_user_sees_its_own_key_per_model_with_totals_and_since() {
        feed();
        UsageReport report = reports.report(TEAM_A, CONTEXT);

        assertFalse(report.allKeys());
        assertEquals(START, report.since());
        assertEquals(1, report.keys().size());
        UsageReport.KeyUsage own = report.keys().getFirst();
        assertEquals("team-a", own.keyName());
        assertEquals(List.of("deepseek/deepseek-chat", "echo/echo-1"), own.models().stream().map(line -> line.model().id()).toList());
        assertEquals(new UsageTotals(2, 0, 1, 20, 7, 27, 0, 0, 1, 1, 12), own.models().getFirst().totals());
        assertEquals(new UsageTotals(3, 1, 1, 20, 7, 27, 0, 0, 1, 1, 12), own.totals());
    }

    @Test
    void an_admin_sees_every_key_and_its_own_even_before_using_any_model() {
        feed();
        UsageReport report = reports.report(OPS, CONTEXT);

        assertTrue(report.allKeys());
        assertEquals(List.of("ops", "team-a", "team-b"), report.keys().stream().map(UsageReport.KeyUsage::keyName).toList());
        assertEquals(UsageTotals.ZERO, report.keys().getFirst().totals());
        assertEquals(1, report.keys().get(2).totals().requests(), "a request that never reached a route is not in the ledger");
    }

    @Test
    void a_user_with_no_requests_sees_zeros() {
        UsageReport.KeyUsage own = reports.report(TEAM_B, CONTEXT).keys().getFirst();
        assertEquals("team-b", own.keyName());
        assertEquals(UsageTotals.ZERO, own.totals());
        assertTrue(own.models().isEmpty());
    }

    @Test
    void every_report_is_recorded_with_who_asked_and_nothing_reaches_the_ledger() {
        List<ChatRecord> recorded = new java.util.ArrayList<>();
        UsageReportService audited = new UsageReportService(ledger, List.<ChatRecorder>of(ledger, recorded::add));

        audited.report(OPS, CONTEXT);

        assertEquals(1, recorded.size());
        ChatRecord record = recorded.getFirst();
        assertEquals("usage.get", record.request().context().action());
        assertEquals(OPS, record.request().caller());
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertTrue(ledger.lines().isEmpty(), "a report is not usage");
    }
}
