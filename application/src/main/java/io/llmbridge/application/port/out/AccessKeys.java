package io.llmbridge.application.port.out;

import io.llmbridge.domain.Caller;

import java.util.Optional;

/** The keys that may call the gateway. */
public interface AccessKeys {
    /** The caller a presented key belongs to; empty for an unknown key. */
    Optional<Caller> authenticate(String presentedKey);
}
