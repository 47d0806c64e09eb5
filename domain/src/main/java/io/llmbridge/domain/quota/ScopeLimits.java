package io.llmbridge.domain.quota;

import java.util.Objects;

/** One scope that applies to a request, with the limits it has. */
public record ScopeLimits(QuotaScope scope, LimitSpec limits) {
    public ScopeLimits {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(limits, "limits");
    }
}
