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
}
