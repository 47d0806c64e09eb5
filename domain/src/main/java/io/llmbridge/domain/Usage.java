package io.llmbridge.domain;

/**
 * Token usage of one request. A field the provider did not report is {@code null}: a reported
 * zero is a zero, missing is missing.
 */
public record Usage(Long promptTokens, Long completionTokens, Long totalTokens,
                    Long reasoningTokens, Long cachedTokens, UsageSource source) {
    public Usage {
        java.util.Objects.requireNonNull(source, "source");
    }

    /**
     * What the gateway counted itself. Cached tokens are the provider's to know, so they stay
     * unknown; reasoning tokens are known only when reasoning text was seen.
     */
    public static Usage estimated(long promptTokens, long completionTokens, Long reasoningTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, reasoningTokens, null,
                UsageSource.ESTIMATED);
    }

    public boolean isEstimated() {
        return source == UsageSource.ESTIMATED;
    }
}
