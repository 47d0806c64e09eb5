package io.llmbridge.domain;

/**
 * A whole (non-streamed) answer. {@code json} is the OpenAI {@code chat.completion} object as
 * the client will receive it: OpenAI-shaped upstreams' bodies pass through untouched, other
 * providers' adapters translate into this shape. The other fields are what the gateway reads
 * from it for accounting and audit; {@code content} is the first choice's message text (may be
 * null).
 */
public record ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId, String content) {
    public ChatResponse {
        java.util.Objects.requireNonNull(json, "json");
    }

    /** An answer whose text was not read out (it is then missing from an audit that includes content). */
    public ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId) {
        this(json, usage, finishReason, upstreamRequestId, null);
    }
}
