package io.llmbridge.domain;

/** Where a usage figure came from. */
public enum UsageSource {
    /** The upstream reported it. */
    PROVIDER,
    /** The gateway counted it. */
    ESTIMATED
}
