package io.llmbridge.application.port.in;

import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.UsageTotals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Usage per access key, from the durable usage history, as far as the caller may see it.
 * Every cost is in {@code currency}; a cost is null where no row had a price.
 *
 * @param since   the {@code from} filter, or the epoch for the whole history
 * @param allKeys true when the caller is an admin and sees every key
 * @param groups  the totals per {@link UsageFilter#groupBy()}; null when the filter asked for no grouping
 */
public record UsageReport(Instant since, boolean allKeys, String currency, List<KeyUsage> keys, List<Group> groups) {
    public UsageReport {
        java.util.Objects.requireNonNull(since, "since");
        java.util.Objects.requireNonNull(currency, "currency");
        keys = List.copyOf(keys);
        groups = groups == null ? null : List.copyOf(groups);
    }

    /** One key's totals over all models, and its totals per model. */
    public record KeyUsage(String keyName, UsageTotals totals, BigDecimal cost, List<ModelUsage> models) {
        public KeyUsage {
            models = List.copyOf(models);
        }
    }

    /** One key's use of one model, by its public name. */
    public record ModelUsage(ModelRef model, UsageTotals totals, BigDecimal cost) {
    }

    /** The totals of one group; a dimension not grouped by is null, so is the team of keys in none. */
    public record Group(String keyName, String team, String model, LocalDate day, UsageTotals totals, BigDecimal cost) {
    }
}
