package io.llmbridge.domain.quota;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a request asks the quotas for, before its upstream call: one request in every scope that
 * applies, and a reservation of tokens and cost that settlement later replaces by the real usage.
 *
 * @param scopes the scopes that apply, each once, in the order a refusal should name the first
 *               that does not fit (key, team, model, global)
 * @param tokens the prompt's estimate plus the most the answer may take ({@code max_tokens}, or a
 *               configured default when the request has none)
 * @param cost   what {@code tokens} would cost at the model's prices; zero when no price is configured
 */
public record Admission(List<ScopeLimits> scopes, long tokens, BigDecimal cost) {
    public Admission {
        scopes = List.copyOf(scopes);
        if (new HashSet<>(scopes.stream().map(ScopeLimits::scope).toList()).size() != scopes.size()) {
            throw new IllegalArgumentException("a scope may apply only once: " + scopes);
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, not " + tokens);
        }
        Objects.requireNonNull(cost, "cost");
        if (cost.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative, not " + cost);
        }
    }
}
