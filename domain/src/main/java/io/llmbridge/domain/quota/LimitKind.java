package io.llmbridge.domain.quota;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** What one limit counts, by the name it has in configuration and in a managed key's {@code limits}. */
public enum LimitKind {
    RPM("rpm", Measure.REQUESTS, null),
    TPM("tpm", Measure.TOKENS, null),
    CONCURRENT("concurrent", Measure.REQUESTS, null),
    DAILY_TOKENS("daily_tokens", Measure.TOKENS, BudgetPeriod.DAY),
    MONTHLY_TOKENS("monthly_tokens", Measure.TOKENS, BudgetPeriod.MONTH),
    DAILY_COST("daily_cost", Measure.COST, BudgetPeriod.DAY),
    MONTHLY_COST("monthly_cost", Measure.COST, BudgetPeriod.MONTH);

    /** The window of {@code rpm} and {@code tpm}: a full bucket refills in this time. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final String configName;
    private final Measure measure;
    private final BudgetPeriod period;

    LimitKind(String configName, Measure measure, BudgetPeriod period) {
        this.configName = configName;
        this.measure = measure;
        this.period = period;
    }

    public String configName() {
        return configName;
    }

    public Measure measure() {
        return measure;
    }

    /** A rate ({@code rpm}, {@code tpm}): refused for a while, admitted again once it refills. */
    public boolean isRate() {
        return this == RPM || this == TPM;
    }

    /** A budget: used up until its period ends (00:00 UTC, or the 1st of the month UTC). */
    public Optional<BudgetPeriod> budgetPeriod() {
        return Optional.ofNullable(period);
    }

    public static Optional<LimitKind> byConfigName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(name)).findFirst();
    }

    /** What a limit is counted in; costs are in the currency of {@code prices}. */
    public enum Measure {
        REQUESTS, TOKENS, COST
    }
}
