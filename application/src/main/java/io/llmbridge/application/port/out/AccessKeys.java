package io.llmbridge.application.port.out;

import io.llmbridge.domain.Caller;

import java.util.List;
import java.util.Optional;

/** The keys that may call the gateway. */
public interface AccessKeys {
    /** The caller a presented key belongs to; empty for an unknown key. */
    Optional<Caller> authenticate(String presentedKey);

    /** Who the keys belong to, for an administrator's list; never the keys themselves. */
    default List<Caller> listed() {
        return List.of();
    }
}
