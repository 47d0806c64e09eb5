package io.llmbridge.domain;

import java.time.Duration;

/**
 * One catalog entry: the public name, what to call upstream, and the route's settings.
 * Variants ({@code o3-mini<high>}) are entries of their own whose {@code upstreamModel} is the
 * base id.
 *
 * @param maxTokens the most completion tokens a request may ask for; null for no limit
 * @param timeout   non-streaming: the whole exchange; streaming: the wait for each chunk
 */
public record ModelRoute(ModelRef ref, String upstreamModel, Long maxTokens, Duration timeout, ParamRules paramRules) {
    public ModelRoute {
        java.util.Objects.requireNonNull(ref, "ref");
        java.util.Objects.requireNonNull(timeout, "timeout");
        java.util.Objects.requireNonNull(paramRules, "paramRules");
        if (upstreamModel == null || upstreamModel.isBlank()) {
            throw new IllegalArgumentException("upstreamModel must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }

    /** The upstream id of a catalog name: a variant suffix in angle brackets is dropped. */
    public static String baseModelId(String catalogName) {
        int variant = catalogName.indexOf('<');
        return variant > 0 && catalogName.endsWith(">") ? catalogName.substring(0, variant) : catalogName;
    }
}
