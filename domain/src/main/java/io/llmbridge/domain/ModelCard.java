package io.llmbridge.domain;

/** A model as {@code GET /v1/models} lists it, with what it is called for. */
public record ModelCard(String id, String ownedBy, long createdEpochSecond, ModelKind kind) {
    public ModelCard {
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /** A chat model's card. */
    public ModelCard(String id, String ownedBy, long createdEpochSecond) {
        this(id, ownedBy, createdEpochSecond, ModelKind.CHAT);
    }
}
