package io.llmbridge.domain;

/**
 * A public model name, {@code provider/model}: the provider is what stands before the first
 * slash, so upstream ids with slashes of their own ({@code openrouter/meta-llama/llama-3}) work.
 */
public record ModelRef(String provider, String model) {
    public ModelRef {
        if (provider == null || provider.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("provider and model must not be blank");
        }
    }

    /** Parses a public id; a name without a provider part is a model this gateway cannot know. */
    public static ModelRef parse(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            throw BridgeException.modelNotFound(id);
        }
        return new ModelRef(id.substring(0, slash), id.substring(slash + 1));
    }

    public String id() {
        return provider + "/" + model;
    }

    @Override
    public String toString() {
        return id();
    }
}
