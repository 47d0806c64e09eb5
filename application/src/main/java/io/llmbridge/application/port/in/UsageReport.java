package io.llmbridge.application.port.in;

import io.llmbridge.domain.UsageLine;
import io.llmbridge.domain.UsageTotals;

import java.time.Instant;
import java.util.List;

/**
 * Usage since {@code since}, per access key.
 *
 * @param allKeys true when the caller is an admin and sees every key
 */
public record UsageReport(Instant since, boolean allKeys, List<KeyUsage> keys) {
    public UsageReport {
        java.util.Objects.requireNonNull(since, "since");
        keys = List.copyOf(keys);
    }

    /** One key's totals over all models, and its line per model. */
    public record KeyUsage(String keyName, UsageTotals totals, List<UsageLine> models) {
        public KeyUsage {
            models = List.copyOf(models);
        }
    }
}
