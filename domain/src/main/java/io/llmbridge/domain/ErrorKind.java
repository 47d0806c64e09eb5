package io.llmbridge.domain;

/** What went wrong, independent of the transport that will report it. */
public enum ErrorKind {
    INVALID_REQUEST,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    MODEL_NOT_FOUND,
    /** The request clashes with the state of what it names (a duplicate name, a key that cannot change). */
    CONFLICT,
    /** Something the request names other than a model (a key id) does not exist. */
    NOT_FOUND,
    PAYLOAD_TOO_LARGE,
    RATE_LIMITED,
    UPSTREAM_ERROR,
    UPSTREAM_TIMEOUT,
    UNAVAILABLE,
    INTERNAL
}
