package io.llmbridge.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One recorded call, as the durable usage history keeps it.
 *
 * @param keyId  the managed key's public id; null for a static key, which has none
 * @param team   null for a key in no team
 * @param model  the public model name asked for, {@code provider/model}
 * @param usage  null when there was none (a call refused before any upstream answered)
 * @param cost   in the prices' currency; null when no price is configured for the model
 */
public record UsageRow(Instant time, String keyId, String keyName, String team, ModelRef model, Outcome outcome,
                       Usage usage, BigDecimal cost) {
    public UsageRow {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The row for one call, its cost worked out from {@code prices}. */
    public static UsageRow priced(Instant time, String keyId, String keyName, String team, ModelRef model,
                                  Outcome outcome, Usage usage, Prices prices) {
        return new UsageRow(time, keyId, keyName, team, model, outcome, usage, prices.cost(model, usage).orElse(null));
    }
}
