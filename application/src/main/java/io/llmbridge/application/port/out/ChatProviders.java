package io.llmbridge.application.port.out;

import java.util.List;
import java.util.Optional;

/** The providers configured, by name. */
public interface ChatProviders {
    Optional<ChatProvider> find(String providerName);

    /**
     * The provider's instances, one per API key, in rotation order (a keyless provider has one);
     * empty for an unknown provider. By default the one instance {@link #find} gives.
     */
    default List<KeyedProvider> keyed(String providerName) {
        return find(providerName).map(provider -> List.of(new KeyedProvider(null, provider))).orElse(List.of());
    }
}
