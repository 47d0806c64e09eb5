package io.llmbridge.application.port.out.provider;

/**
 * A provider instance and the API key it calls with, known by its fingerprint only.
 *
 * @param keyFingerprint {@link io.llmbridge.domain.Secret#fingerprint()} of its key; null for a keyless provider
 */
public record KeyedProvider(String keyFingerprint, ChatProvider provider) {
    public KeyedProvider {
        java.util.Objects.requireNonNull(provider, "provider");
    }
}
