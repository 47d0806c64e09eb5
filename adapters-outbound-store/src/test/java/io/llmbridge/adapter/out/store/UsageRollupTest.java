package io.llmbridge.adapter.out.store;

import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageRow;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UsageRollupTest {
    private static final ModelRef MODEL = ModelRef.parse("openai/gpt-4o-mini");
    private static final Instant T = Instant.parse("2026-12-07T10:00:00.100Z");

    private static UsageRow row(Instant time, Outcome outcome, Usage usage, String cost) {
        return new UsageRow(time, null, "alice", "red", MODEL, outcome, usage, cost == null ? null : new BigDecimal(cost));
    }

    @Test
    void calls_alike_in_one_second_become_one_row_with_their_sums_and_others_stay_apart() {
        Map<UsageRollup.Key, UsageRollup.Calls> rolled = UsageRollup.of(List.of(
                row(T, Outcome.SUCCESS, new Usage(10L, 5L, 15L, null, 4L, UsageSource.PROVIDER), "0.001"),
                row(T.plusMillis(800), Outcome.SUCCESS, new Usage(20L, 5L, null, 2L, null, UsageSource.PROVIDER), "0.002"),
                row(T.plusSeconds(1), Outcome.SUCCESS, new Usage(1L, 1L, 2L, null, null, UsageSource.PROVIDER), null),
                row(T, Outcome.FAILURE, null, null)));

        assertEquals(3, rolled.size());
        UsageRollup.Calls first = rolled.values().iterator().next();
        assertEquals(2, first.requests);
        assertEquals(30L, first.promptTokens);
        assertEquals(10L, first.completionTokens);
        assertEquals(40L, first.totalTokens, "a call without a total counts its prompt and completion");
        assertEquals(2L, first.reasoningTokens);
        assertEquals(4L, first.cachedTokens);
        assertEquals(new BigDecimal("0.003"), first.cost);
        UsageRollup.Calls failure = rolled.get(new UsageRollup.Key(Instant.parse("2026-12-07T10:00:00Z"), null, "alice",
                "red", MODEL, Outcome.FAILURE, null));
        assertEquals(1, failure.requests);
        assertNull(failure.totalTokens, "no usage stays unknown, not zero");
        assertNull(failure.cost);
    }
}
