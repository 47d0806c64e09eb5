package io.llmbridge.domain;

/** How a request ended. */
public enum Outcome {
    SUCCESS,
    FAILURE,
    /** The client went away or cancelled before the answer was complete. */
    CANCELLED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
