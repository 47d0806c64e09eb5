package io.llmbridge.domain;

/**
 * One streamed event. {@code json} is an OpenAI {@code chat.completion.chunk} object as the
 * client will receive it; the other fields are what the gateway reads from it (each may be null).
 *
 * @param contentDelta   the text this chunk adds to the answer
 * @param reasoningDelta the reasoning text it adds ({@code reasoning_content} and the like)
 * @param toolCallDelta  the tool-call function names and argument text it adds
 * @param forClient      false for a chunk the gateway asked for only for itself (the usage chunk
 *                       of a stream whose client did not ask for usage): it is read for
 *                       accounting and never sent to the client
 */
public record ChatChunk(String json, String contentDelta, String finishReason, Usage usage,
                        String reasoningDelta, String toolCallDelta, boolean forClient) {
    public ChatChunk {
        java.util.Objects.requireNonNull(json, "json");
    }

    /** A chunk for the client with no reasoning or tool-call text. */
    public ChatChunk(String json, String contentDelta, String finishReason, Usage usage) {
        this(json, contentDelta, finishReason, usage, null, null, true);
    }

    /** This chunk, kept from the client. */
    public ChatChunk notForClient() {
        return new ChatChunk(json, contentDelta, finishReason, usage, reasoningDelta, toolCallDelta, false);
    }
}
