package io.llmbridge.application.port.out;

import io.llmbridge.domain.UsageTotals;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The totals of one group of usage rows. A dimension the query did not group by is null; so is
 * {@code team} for the keys in no team.
 *
 * @param day  a UTC day
 * @param cost in the prices' currency; null when none of the group's rows had a price
 */
public record UsageGroup(String keyName, String team, String model, LocalDate day, UsageTotals totals,
                         BigDecimal cost) {
    public UsageGroup {
        java.util.Objects.requireNonNull(totals, "totals");
    }
}
