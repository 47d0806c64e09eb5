package io.llmbridge.domain;

/** A model as {@code GET /v1/models} lists it. */
public record ModelCard(String id, String ownedBy, long createdEpochSecond) {
}
