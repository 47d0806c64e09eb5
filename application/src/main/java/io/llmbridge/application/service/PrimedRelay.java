package io.llmbridge.application.service;

import io.llmbridge.domain.RelayedAnswer;

import java.util.Optional;

/**
 * A relayed answer whose first piece has already been read and is handed out first: a failure up
 * to that point can still be retried or failed over, since the client has seen nothing.
 */
final class PrimedRelay extends RelayWrapper {
    private Optional<byte[]> first;

    private PrimedRelay(RelayedAnswer upstream, Optional<byte[]> first) {
        super(upstream);
        this.first = first;
    }

    /** Waits for the answer's first piece; a failure on the way closes it. */
    static PrimedRelay open(RelayedAnswer upstream) {
        try {
            return new PrimedRelay(upstream, upstream.next());
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    @Override
    public Optional<byte[]> next() {
        if (first != null) {
            Optional<byte[]> piece = first;
            first = null;
            return piece;
        }
        return upstream.next();
    }
}
