package io.llmbridge.adapter.support.http;

import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.Usage;

import java.util.Optional;

/** A whole JSON answer relayed as it came: one piece, already read within the call's timeout. */
public final class RelayedBody implements RelayedAnswer {
    private final Usage usage;
    private final String finishReason;
    private final String upstreamRequestId;
    private final String responseId;
    private byte[] body;

    /**
     * @param usage        read from the body by the provider; null when it had none
     * @param finishReason read from the body, in chat completion terms; may be null
     * @param responseId   the answer's id, read from the body; may be null
     */
    public RelayedBody(byte[] body, Usage usage, String finishReason, String upstreamRequestId, String responseId) {
        this.body = body;
        this.usage = usage;
        this.finishReason = finishReason;
        this.upstreamRequestId = upstreamRequestId;
        this.responseId = responseId;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public Optional<byte[]> next() {
        byte[] whole = body;
        body = null;
        return Optional.ofNullable(whole);
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }

    @Override
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    @Override
    public String responseId() {
        return responseId;
    }

    @Override
    public void close() {
        body = null;
    }
}
