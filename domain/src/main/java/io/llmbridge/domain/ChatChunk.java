package io.llmbridge.domain;

/**
 * One streamed event. {@code json} is an OpenAI {@code chat.completion.chunk} object as the
 * client will receive it; {@code contentDelta}, {@code finishReason} and {@code usage} are what
 * the gateway reads from it (each may be null).
 */
public record ChatChunk(String json, String contentDelta, String finishReason, Usage usage) {
    public ChatChunk {
        java.util.Objects.requireNonNull(json, "json");
    }
}
