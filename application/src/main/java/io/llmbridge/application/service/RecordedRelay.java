package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a relayed answer on its way to the client, as {@link RecordedStream} watches a chat
 * stream: time to first piece (of a stream), time spent waiting on the provider, the usage,
 * finish reason and answer id the provider read from its bytes, and how it ended; recorded once, when it is
 * closed. Closed before its end without an error, it was cancelled.
 */
final class RecordedRelay extends RelayWrapper {
    private final Trail<RelayedRequest> trail;
    private final ChatRecording recording;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long readingNanos;
    private volatile Duration timeToFirstPiece;
    private volatile BridgeException error;
    private volatile BridgeException stopped;
    private volatile boolean ended;

    RecordedRelay(RelayedAnswer upstream, Trail<RelayedRequest> trail, ChatRecording recording) {
        super(upstream);
        this.trail = trail;
        this.recording = recording;
    }

    @Override
    public Optional<byte[]> next() {
        long start = System.nanoTime();
        Optional<byte[]> next;
        try {
            next = upstream.next();
        } catch (RuntimeException e) {
            if (stopped != null) {
                throw stopped;
            }
            error = e instanceof BridgeException failure ? failure : BridgeException.unexpected();
            throw e;
        } finally {
            readingNanos += System.nanoTime() - start;
        }
        if (stopped != null) {
            throw stopped;
        }
        if (next.isEmpty()) {
            ended = true;
        } else if (timeToFirstPiece == null && recording.command().request().stream()) {
            timeToFirstPiece = recording.elapsed();
        }
        return next;
    }

    @Override
    public String answeredBy() {
        return trail.answeringModelId();
    }

    @Override
    public void stop(BridgeException reason) {
        stopped = reason;
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            upstream.close();
        } finally {
            // A failure the provider put inside the answer reached the client as it came; it is the call's all the same.
            BridgeException failure = error != null ? error : upstream.failure();
            Outcome outcome = failure != null ? Outcome.FAILURE : ended ? Outcome.SUCCESS : Outcome.CANCELLED;
            recording.ended(trail.routing(Duration.ofNanos(readingNanos)),
                    new ChatRecord.Answer(upstream.finishReason(), upstream.upstreamRequestId(), upstream.responseId()),
                    new ChatRecord.Ending(outcome, outcome == Outcome.CANCELLED ? stopped : failure, upstream.usage(),
                            timeToFirstPiece, recording.elapsed()), null);
        }
    }
}
