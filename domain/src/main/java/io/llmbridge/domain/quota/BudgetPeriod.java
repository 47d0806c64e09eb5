package io.llmbridge.domain.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The periods budgets are counted in. They begin at 00:00 UTC, and on the 1st of the month UTC. */
public enum BudgetPeriod {
    DAY, MONTH;

    /** The first instant of the period {@code time} falls in. */
    public Instant start(Instant time) {
        LocalDate date = LocalDate.ofInstant(time, ZoneOffset.UTC);
        LocalDate first = this == DAY ? date : date.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the budget is full again: the first instant of the next period. */
    public Instant end(Instant time) {
        LocalDate first = LocalDate.ofInstant(start(time), ZoneOffset.UTC);
        LocalDate next = this == DAY ? first.plusDays(1) : first.plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
