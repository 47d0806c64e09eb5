package io.llmbridge.domain;

/**
 * A whole (non-streamed) answer. {@code json} is the OpenAI {@code chat.completion} object as
 * the client will receive it: OpenAI-shaped upstreams' bodies pass through untouched, other
 * providers' adapters translate into this shape. The other fields are what the gateway reads
 * from it for accounting and audit.
 */
public record ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId) {
    public ChatResponse {
        java.util.Objects.requireNonNull(json, "json");
    }
}
