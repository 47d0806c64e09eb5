package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageTotalsTest {
    private static ChatRecord record(Outcome outcome, Usage usage) {
        RequestContext context = RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null);
        return new ChatRecord(new ChatRecord.Request(context, new Caller("team", Caller.Role.USER), "p/m", false),
                ChatRecord.Routing.NONE, ChatRecord.Answer.NONE, new ChatRecord.Ending(outcome, null, usage, null, Duration.ZERO), null);
    }

    @Test
    void a_reported_usage_counts_as_reported_with_every_detail() {
        UsageTotals totals = UsageTotals.of(record(Outcome.SUCCESS, new Usage(10L, 5L, 15L, 2L, 4L, UsageSource.PROVIDER)));
        assertEquals(new UsageTotals(1, 0, 0, 10, 5, 15, 2, 4, 1, 0, 0), totals);
    }

    @Test
    void an_estimated_usage_counts_as_estimated_tokens() {
        UsageTotals totals = UsageTotals.of(record(Outcome.CANCELLED, Usage.estimated(7, 3, null)));
        assertEquals(new UsageTotals(1, 0, 1, 7, 3, 10, 0, 0, 0, 1, 10), totals);
    }

    @Test
    void a_failure_without_usage_is_a_request_and_an_error_and_no_tokens() {
        assertEquals(new UsageTotals(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), UsageTotals.of(record(Outcome.FAILURE, null)));
    }

    @Test
    void a_missing_total_is_prompt_plus_completion_and_totals_add_up() {
        UsageTotals partial = UsageTotals.of(record(Outcome.SUCCESS, new Usage(4L, 1L, null, null, null, UsageSource.PROVIDER)));
        assertEquals(5, partial.totalTokens());
        UsageTotals sum = partial.plus(UsageTotals.of(record(Outcome.FAILURE, Usage.estimated(3, 0, null))));
        assertEquals(new UsageTotals(2, 1, 0, 7, 1, 8, 0, 0, 1, 1, 3), sum);
        assertEquals(sum, sum.plus(UsageTotals.ZERO));
    }
}
