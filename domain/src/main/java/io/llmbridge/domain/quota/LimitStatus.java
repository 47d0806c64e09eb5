package io.llmbridge.domain.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One limit of one scope as it stands, for the limits view.
 *
 * @param used     what is taken now: requests or tokens within the rate's window, requests in
 *                 flight, or the budget spent in its period (reservations included)
 * @param resetsAt when it is full again; empty for {@code concurrent} (it frees as requests end)
 */
public record LimitStatus(QuotaScope scope, LimitKind kind, BigDecimal limit, BigDecimal used,
                          Optional<Instant> resetsAt) {
    public LimitStatus {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(resetsAt, "resetsAt");
    }

    public BigDecimal remaining() {
        return limit.subtract(used).max(BigDecimal.ZERO);
    }
}
