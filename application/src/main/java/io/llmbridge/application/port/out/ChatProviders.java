package io.llmbridge.application.port.out;

import java.util.Optional;

/** The providers configured, by name. */
public interface ChatProviders {
    Optional<ChatProvider> find(String providerName);
}
