package io.llmbridge.domain;

/**
 * What a provider adapter knows about a failed upstream call that its status alone may not say
 * (Gemini refuses a key with HTTP 400, Anthropic reports overload with 529). The application
 * decides what to do next from it and never compares error codes across modules.
 */
public enum UpstreamFailure {
    /** The request itself is at fault: the same request fails everywhere. */
    REQUEST_REJECTED,
    /** The upstream refused the gateway's API key: another key may work. */
    KEY_REJECTED,
    /** The upstream is rate limiting this key. */
    RATE_LIMITED,
    /** Overloaded, failing for now, or not reached: the same call may work a moment later. */
    TRANSIENT
}
