package io.llmbridge.adapter.out.limits;

/** What the shared backend's gate decides while Redis cannot be reached ({@code limits.on_backend_failure}). */
public enum OnBackendFailure {
    /** Refuse every request with 503: no request goes past a limit that cannot be checked. */
    CLOSED,
    /** Admit, counting this process's requests alone in memory: limits hold per replica only. */
    OPEN
}
