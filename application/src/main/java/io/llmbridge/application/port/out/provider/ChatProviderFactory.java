package io.llmbridge.application.port.out.provider;

import java.util.Map;
import java.util.Set;

/**
 * Creates the providers of one {@code adapter:} kind. Provider modules register an
 * implementation with {@link java.util.ServiceLoader}; bootstrap finds it by {@link #adapter()}.
 * A factory declares and checks its own keys of the provider's configuration section, so a new
 * adapter's settings need no change to the configuration reader.
 */
public interface ChatProviderFactory {
    /** The name used as {@code adapter:} in the configuration, e.g. {@code openai}. */
    String adapter();

    /** Whether a provider of this kind needs an API key unless its configuration says otherwise. */
    default boolean requiresApiKey() {
        return true;
    }

    /**
     * The keys of a provider's section this adapter reads, besides those every provider has
     * ({@code adapter}, {@code base_url}, {@code models}, …); others are reported as unknown.
     */
    default Set<String> options() {
        return Set.of();
    }

    /**
     * Checks the values of {@link #options()} once, at start-up, before any provider is created.
     *
     * @param options the provider's whole section, as plain JSON values
     * @throws InvalidProviderOption naming the first key whose value this adapter cannot use
     */
    default void validate(Map<String, Object> options) {
    }

    ChatProvider create(ProviderSettings settings);
}
