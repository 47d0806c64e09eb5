package io.llmbridge.domain;

/**
 * A whole (non-streamed) answer. {@code json} is the OpenAI {@code chat.completion} object as
 * the client will receive it: OpenAI-shaped upstreams' bodies pass through untouched, other
 * providers' adapters translate into this shape. The other fields are what the gateway reads
 * from it for accounting and audit.
 *
 * @param answeredBy the public id of the model that answered ({@code provider/model}), which a
 *                   fallback or deployment makes differ from the one asked for; null until the
 *                   service has set it (adapters do not know)
 */
public record ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId, String answeredBy) {
    public ChatResponse {
        java.util.Objects.requireNonNull(json, "json");
    }

    /** An adapter's answer: which route answered is for the service to say. */
    public ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId) {
        this(json, usage, finishReason, upstreamRequestId, null);
    }

    public ChatResponse withAnsweredBy(String model) {
        return new ChatResponse(json, usage, finishReason, upstreamRequestId, model);
    }
}
