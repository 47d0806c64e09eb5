package io.llmbridge.domain;

/**
 * A whole (non-streamed) answer. {@code json} is the OpenAI {@code chat.completion} object as
 * the client will receive it: OpenAI-shaped upstreams' bodies pass through untouched, other
 * providers' adapters translate into this shape. The other fields are what the gateway reads
 * from it for accounting and audit.
 *
 * @param usage  as the provider reported it, or as the gateway estimated it (see its source);
 *               null when unknown
 * @param output the text generated, to estimate completion tokens from when usage is missing
 */
public record ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId, GeneratedText output) {
    public ChatResponse {
        java.util.Objects.requireNonNull(json, "json");
        output = output == null ? GeneratedText.NONE : output;
    }

    public ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId) {
        this(json, usage, finishReason, upstreamRequestId, GeneratedText.NONE);
    }

    public ChatResponse withUsage(Usage newUsage) {
        return new ChatResponse(json, newUsage, finishReason, upstreamRequestId, output);
    }
}
