package io.llmbridge.domain;

/** How a request reached the gateway. */
public enum Transport {
    HTTP, WS;

    /** Lower-case name for logs and metrics ({@code http}, {@code ws}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
