package io.llmbridge.application.service;

import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;

import java.util.Optional;

/**
 * A stream whose first chunk has already been read: it is handed out first. Reading it before
 * the client sees anything is what lets a failure up to that point be retried or failed over.
 */
final class PrimedStream implements ChatStream {
    private final ChatStream upstream;
    private Optional<ChatChunk> first;

    private PrimedStream(ChatStream upstream, Optional<ChatChunk> first) {
        this.upstream = upstream;
        this.first = first;
    }

    /** Opens the stream and waits for its first chunk; a failure on the way closes it. */
    static PrimedStream open(ChatStream upstream) {
        try {
            return new PrimedStream(upstream, upstream.next());
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    @Override
    public Optional<ChatChunk> next() {
        if (first != null) {
            Optional<ChatChunk> chunk = first;
            first = null;
            return chunk;
        }
        return upstream.next();
    }

    /** The held first chunk is ready; after it, whatever the provider's stream says. */
    @Override
    public boolean nextIsReady() {
        return first != null || upstream.nextIsReady();
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
    public void close() {
        upstream.close();
    }
}
