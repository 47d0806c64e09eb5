package io.llmbridge.application.service;

import io.llmbridge.application.port.in.UsageFilter;
import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.UsageGroup;
import io.llmbridge.application.port.out.UsageQuery;
import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.UsageRow;
import io.llmbridge.domain.UsageTotals;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageReportServiceTest {
    private static final Caller TEAM_A = new Caller("team-a", Caller.Role.USER);
    private static final Caller OPS = new Caller("ops", Caller.Role.ADMIN);
    private static final RequestContext CONTEXT = RequestContext.received(Transport.HTTP, "usage.get", "10.0.0.9");
    private static final UsageTotals TWO = new UsageTotals(2, 0, 1, 20, 7, 27, 0, 0, 1, 1, 12);
    private static final UsageTotals ONE = new UsageTotals(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private final FakeStore store = new FakeStore(Map.of(
            List.of(UsageQuery.Dimension.KEY, UsageQuery.Dimension.MODEL), List.of(
                    new UsageGroup("team-a", null, "deepseek/deepseek-chat", null, TWO, new BigDecimal("0.25")),
                    new UsageGroup("team-a", null, "echo/echo-1", null, ONE, null),
                    new UsageGroup("team-b", null, "echo/echo-1", null, ONE, null)),
            List.of(UsageQuery.Dimension.DAY), List.of(
                    new UsageGroup(null, null, null, LocalDate.parse("2026-01-02"), TWO.plus(ONE), new BigDecimal("0.25")))));
    private final UsageReportService reports = new UsageReportService(store, new Prices("EUR", Map.of()), List.of());

    @Test
    void a_user_sees_its_own_key_per_model_with_totals_and_costs_summed() {
        UsageReport report = reports.report(TEAM_A, UsageFilter.NONE, CONTEXT);

        assertFalse(report.allKeys());
        assertEquals("team-a", store.queries.getFirst().keyName(), "a user's query is narrowed to its own key");
        assertEquals("EUR", report.currency());
        assertEquals(Instant.EPOCH, report.since());
        UsageReport.KeyUsage own = report.keys().getFirst();
        assertEquals("team-a", own.keyName());
        assertEquals(List.of("deepseek/deepseek-chat", "echo/echo-1"), own.models().stream().map(line -> line.model().id()).toList());
        assertEquals(TWO.plus(ONE), own.totals());
        assertEquals(new BigDecimal("0.25"), own.cost(), "a model without a price adds nothing to the key's cost");
        assertNull(report.groups());
    }

    @Test
    void an_admin_sees_every_key_and_its_own_even_before_using_any_model() {
        UsageReport report = reports.report(OPS, UsageFilter.NONE, CONTEXT);

        assertTrue(report.allKeys());
        assertNull(store.queries.getFirst().keyName());
        assertEquals(List.of("ops", "team-a", "team-b"), report.keys().stream().map(UsageReport.KeyUsage::keyName).toList());
        assertEquals(UsageTotals.ZERO, report.keys().getFirst().totals());
        assertNull(report.keys().get(2).cost(), "no row had a price: no cost, rather than a cost of zero");
    }

    @Test
    void filters_reach_the_store_and_groups_come_back_as_asked() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        UsageReport report = reports.report(OPS, new UsageFilter(from, null, "red", "echo/echo-1",
                List.of(UsageFilter.Dimension.DAY)), CONTEXT);

        assertEquals(from, report.since());
        UsageQuery query = store.queries.getLast();
        assertEquals(List.of(UsageQuery.Dimension.DAY), query.groupBy());
        assertEquals(from, query.from());
        assertEquals("red", query.team());
        assertEquals("echo/echo-1", query.model());
        assertEquals(1, report.groups().size());
        assertEquals(LocalDate.parse("2026-01-02"), report.groups().getFirst().day());
    }

    @Test
    void every_report_is_recorded_with_who_asked_and_a_store_failure_too() {
        List<ChatRecord> recorded = new ArrayList<>();
        new UsageReportService(store, Prices.NONE, List.<ChatRecorder>of(recorded::add)).report(OPS, UsageFilter.NONE, CONTEXT);
        assertEquals(1, recorded.size());
        assertEquals(OPS, recorded.getFirst().request().caller());
        assertEquals(Outcome.SUCCESS, recorded.getFirst().ending().outcome());

        store.down = true;
        assertThrows(BridgeException.class, () -> new UsageReportService(store, Prices.NONE, List.<ChatRecorder>of(recorded::add))
                .report(OPS, UsageFilter.NONE, CONTEXT));
        assertEquals(Outcome.FAILURE, recorded.getLast().ending().outcome());
    }

    /** Answers each grouping with fixed groups, and keeps the queries it was asked. */
    private static final class FakeStore implements UsageStore {
        private final Map<List<UsageQuery.Dimension>, List<UsageGroup>> answers;
        private final List<UsageQuery> queries = new ArrayList<>();
        private boolean down;

        FakeStore(Map<List<UsageQuery.Dimension>, List<UsageGroup>> answers) {
            this.answers = answers;
        }

        @Override
        public void append(UsageRow row) {
        }

        @Override
        public CompletableFuture<Void> flush() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<UsageGroup> totals(UsageQuery query) {
            if (down) {
                throw BridgeException.of(ErrorKind.UNAVAILABLE, "store down").code("store_unavailable").build();
            }
            queries.add(query);
            return answers.getOrDefault(query.groupBy(), List.of()).stream()
                    .filter(group -> query.keyName() == null || query.keyName().equals(group.keyName())).toList();
        }

        @Override
        public Backlog backlog() {
            return new Backlog(0, 0);
        }
    }
}
