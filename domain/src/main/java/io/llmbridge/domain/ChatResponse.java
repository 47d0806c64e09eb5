package io.llmbridge.domain;

/**
 * A whole (non-streamed) answer. {@code json} is the OpenAI {@code chat.completion} object as
 * the client will receive it: OpenAI-shaped upstreams' bodies pass through untouched, other
 * providers' adapters translate into this shape. The other fields are what the gateway reads
 * from it for accounting and audit.
 *
 * @param usage      as the provider reported it, or as the gateway estimated it (see its source);
 *                   null when unknown
 * @param responseId the provider's id for this answer, as {@code json} carries it or, for a
 *                   translated answer, as the provider's own body did; null when there is none
 * @param output     the text generated, to estimate completion tokens from when usage is missing
 * @param answeredBy the public id of the model that answered ({@code provider/model}), which a
 *                   fallback or deployment makes differ from the one asked for; null until the
 *                   service has set it (adapters do not know)
 */
public record ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId, String responseId,
                           GeneratedText output, String answeredBy) {
    public ChatResponse {
        java.util.Objects.requireNonNull(json, "json");
        output = output == null ? GeneratedText.NONE : output;
    }

    /** An answer without an id of its own or text to estimate from. */
    public ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId) {
        this(json, usage, finishReason, upstreamRequestId, null, GeneratedText.NONE);
    }

    /** An adapter's answer: which route answered is for the service to say. */
    public ChatResponse(String json, Usage usage, String finishReason, String upstreamRequestId, String responseId,
                        GeneratedText output) {
        this(json, usage, finishReason, upstreamRequestId, responseId, output, null);
    }

    public ChatResponse withUsage(Usage newUsage) {
        return new ChatResponse(json, newUsage, finishReason, upstreamRequestId, responseId, output, answeredBy);
    }

    public ChatResponse withAnsweredBy(String model) {
        return new ChatResponse(json, usage, finishReason, upstreamRequestId, responseId, output, model);
    }
}
