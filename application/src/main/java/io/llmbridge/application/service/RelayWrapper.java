package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.Usage;

/** A relayed answer that wraps another: what the bytes said is the wrapped answer's. */
abstract class RelayWrapper implements RelayedAnswer {
    protected final RelayedAnswer upstream;

    RelayWrapper(RelayedAnswer upstream) {
        this.upstream = upstream;
    }

    @Override
    public String contentType() {
        return upstream.contentType();
    }

    @Override
    public Usage usage() {
        return upstream.usage();
    }

    @Override
    public String finishReason() {
        return upstream.finishReason();
    }

    @Override
    public BridgeException failure() {
        return upstream.failure();
    }

    @Override
    public String upstreamRequestId() {
        return upstream.upstreamRequestId();
    }

    @Override
    public String responseId() {
        return upstream.responseId();
    }

    @Override
    public void stop(BridgeException reason) {
        upstream.stop(reason);
    }

    @Override
    public void close() {
        upstream.close();
    }
}
