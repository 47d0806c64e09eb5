package io.llmbridge.application.port.out.provider;

/**
 * Creates the providers of one {@code adapter:} kind. Provider modules register an
 * implementation with {@link java.util.ServiceLoader}; bootstrap finds it by {@link #adapter()}.
 */
public interface ChatProviderFactory {
    /** The name used as {@code adapter:} in the configuration, e.g. {@code openai}. */
    String adapter();

    /** Whether a provider of this kind needs an API key unless its configuration says otherwise. */
    default boolean requiresApiKey() {
        return true;
    }

    ChatProvider create(ProviderSettings settings);
}
