package io.llmbridge.adapter.out.store;

import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageRow;
import io.llmbridge.domain.UsageSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch of usage rows added up by what a report tells apart (the second, key, team, model,
 * outcome and usage source): one row in the table for many calls alike. The report's sums are
 * the same; its time is kept to the second.
 */
final class UsageRollup {
    private UsageRollup() {
    }

    /** What the calls of one row share. */
    record Key(Instant second, String keyId, String keyName, String team, ModelRef model, Outcome outcome,
               UsageSource source) {
    }

    /**
     * The calls of one row: their count and sums. A token count is null only when no call of the row
     * reported it; the total is each call's total, else its prompt plus completion tokens.
     */
    static final class Calls {
        long requests;
        Long promptTokens;
        Long completionTokens;
        Long totalTokens;
        Long reasoningTokens;
        Long cachedTokens;
        BigDecimal cost;

        private void add(UsageRow row) {
            requests++;
            Usage usage = row.usage();
            if (usage != null) {
                promptTokens = plus(promptTokens, usage.promptTokens());
                completionTokens = plus(completionTokens, usage.completionTokens());
                Long total = usage.totalTokens();
                if (total == null && (usage.promptTokens() != null || usage.completionTokens() != null)) {
                    total = orZero(usage.promptTokens()) + orZero(usage.completionTokens());
                }
                totalTokens = plus(totalTokens, total);
                reasoningTokens = plus(reasoningTokens, usage.reasoningTokens());
                cachedTokens = plus(cachedTokens, usage.cachedTokens());
            }
            if (row.cost() != null) {
                cost = cost == null ? row.cost() : cost.add(row.cost());
            }
        }

        private static Long plus(Long sum, Long value) {
            if (value == null) {
                return sum;
            }
            return sum == null ? value : Long.valueOf(sum + value);
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }
    }

    static Map<Key, Calls> of(Collection<UsageRow> rows) {
        Map<Key, Calls> rolled = new LinkedHashMap<>();
        for (UsageRow row : rows) {
            Key key = new Key(row.time().truncatedTo(ChronoUnit.SECONDS), row.keyId(), row.keyName(), row.team(),
                    row.model(), row.outcome(), row.usage() == null ? null : row.usage().source());
            rolled.computeIfAbsent(key, k -> new Calls()).add(row);
        }
        return rolled;
    }
}
