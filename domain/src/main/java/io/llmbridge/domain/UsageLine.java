package io.llmbridge.domain;

/**
 * One line of the usage ledger: an access key's (by name, never the key) use of one model.
 *
 * @param model the catalog's public name, {@code provider/model}
 */
public record UsageLine(String keyName, ModelRef model, UsageTotals totals) {
    public UsageLine {
        java.util.Objects.requireNonNull(keyName, "keyName");
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(totals, "totals");
    }
}
