package io.llmbridge.domain;

import java.util.Locale;

/** What a model is called for: chat completions or embeddings. A request of the other kind is refused. */
public enum ModelKind {
    CHAT("/v1/chat/completions"),
    EMBEDDING("/v1/embeddings");

    private final String endpoint;

    ModelKind(String endpoint) {
        this.endpoint = endpoint;
    }

    /** As the configuration's {@code kind:} writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The endpoint that serves this kind of model. */
    public String endpoint() {
        return endpoint;
    }

    /** The kind named {@code chat} or {@code embedding}; null for anything else. */
    public static ModelKind ofConfigName(String name) {
        for (ModelKind kind : values()) {
            if (kind.configName().equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * Refuses a request of this kind to a route of another kind, naming the endpoint that serves it.
     *
     * @throws BridgeException 400, {@code model_kind_mismatch}
     */
    public void requireOf(ModelRoute route) {
        if (route.kind() != this) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "'" + route.ref().id() + "' is "
                            + (route.kind() == CHAT ? "a chat" : "an embedding") + " model: call it on "
                            + route.kind().endpoint() + ", not on " + endpoint + ".")
                    .param("model").code("model_kind_mismatch").build();
        }
    }
}
