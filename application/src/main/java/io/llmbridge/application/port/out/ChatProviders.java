package io.llmbridge.application.port.out;

import io.llmbridge.application.port.out.provider.KeyedProvider;

import java.util.List;

/** The providers configured, by name. */
public interface ChatProviders {
    /**
     * The provider's instances, one per API key, in rotation order (a keyless provider has one);
     * empty for an unknown provider.
     */
    List<KeyedProvider> keyed(String providerName);
}
