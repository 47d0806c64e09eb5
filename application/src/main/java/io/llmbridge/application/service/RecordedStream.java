package io.llmbridge.application.service;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Watches a provider's stream on its way to the client: time to first chunk, the usage, finish
 * reason and answer id it reports, the text it delivers, the time spent waiting on the provider,
 * and how it ended; records all that once, when it is closed. A stream closed before its end
 * without an error was cancelled (the client went away).
 * <p>
 * Chunks not meant for the client (the usage chunk the gateway asked for on its own) are read
 * here and never handed on, so no transport has to know about them. A stream that ends without
 * usage (cut, cancelled, or from a provider that does not report it in streams) gets an
 * estimate from what was delivered.
 */
final class RecordedStream implements ChatStream {
    private final ChatStream upstream;
    private final Trail<?> trail;
    private final ChatRecording recording;
    private final Function<GeneratedText, Usage> estimate;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Delivered delivered = new Delivered();
    private volatile long readingNanos;
    private volatile Duration timeToFirstChunk;
    private volatile Usage usage;
    private volatile String finishReason;
    /** The answer's id, taken on the reading thread once a chunk has said it. */
    private volatile String responseId;
    private volatile BridgeException error;
    /** Why the gateway stopped the stream itself ({@link #stop}); null unless it did. */
    private volatile BridgeException stopped;
    private volatile boolean ended;

    /**
     * @param trail    the calls that opened the stream (their time counts as the provider's); its
     *                 answering route is known by now
     * @param estimate the usage of this request given what was delivered, for when the provider reports none
     */
    RecordedStream(ChatStream upstream, Trail<?> trail, ChatRecording recording, Function<GeneratedText, Usage> estimate) {
        this.upstream = upstream;
        this.trail = trail;
        this.recording = recording;
        this.estimate = estimate;
    }

    @Override
    public Optional<ChatChunk> next() {
        while (true) {
            Optional<ChatChunk> next = read();
            if (stopped != null) {
                throw stopped; // whatever the closed upstream answered, the client learns why it ended
            }
            if (next.isEmpty()) {
                ended = true;
                return next;
            }
            ChatChunk chunk = next.get();
            if (responseId == null) {
                responseId = upstream.responseId();
            }
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (!chunk.forClient()) {
                continue;
            }
            if (timeToFirstChunk == null) {
                timeToFirstChunk = recording.elapsed();
            }
            if (chunk.finishReason() != null && finishReason == null) {
                finishReason = chunk.finishReason();
            }
            delivered.add(chunk);
            return next;
        }
    }

    private Optional<ChatChunk> read() {
        long start = System.nanoTime();
        try {
            return upstream.next();
        } catch (RuntimeException e) {
            if (stopped != null) {
                throw stopped; // the upstream failed because it was closed under it: the stop's doing
            }
            // A failure of the provider, or of the gateway (not a client that left).
            error = e instanceof BridgeException failure ? failure : BridgeException.unexpected();
            throw e;
        } finally {
            readingNanos += System.nanoTime() - start;
        }
    }

    /** Passed through: it lets a transport send chunks that arrived together in one write. */
    @Override
    public boolean nextIsReady() {
        return upstream.nextIsReady();
    }

    @Override
    public String upstreamRequestId() {
        return upstream.upstreamRequestId();
    }

    @Override
    public String responseId() {
        return responseId;
    }

    @Override
    public String answeredBy() {
        return trail.answeringModelId();
    }

    /** Set before the upstream is closed, so the reading thread sees why its read failed. */
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
            record();
        }
    }

    /** Records the stream even when gathering its text or estimating its usage throws; that then goes on to the closer. */
    private void record() {
        Outcome outcome = error != null ? Outcome.FAILURE : ended ? Outcome.SUCCESS : Outcome.CANCELLED;
        BridgeException why = outcome == Outcome.CANCELLED ? stopped : error;
        Usage known = usage;
        GeneratedText text = null;
        try {
            text = delivered.text();
            if (known == null) {
                known = estimate.apply(text);
            }
        } finally {
            recording.ended(trail.routing(Duration.ofNanos(readingNanos)),
                    new ChatRecord.Answer(finishReason, upstream.upstreamRequestId(), responseId),
                    new ChatRecord.Ending(outcome, why, known, timeToFirstChunk, recording.elapsed()),
                    text == null ? null : text.content());
        }
    }

    /** The text handed to the client so far; appended by the reading thread, read when closing. */
    private static final class Delivered {
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private final StringBuilder toolCalls = new StringBuilder();

        synchronized void add(ChatChunk chunk) {
            append(content, chunk.contentDelta());
            append(reasoning, chunk.reasoningDelta());
            append(toolCalls, chunk.toolCallDelta());
        }

        synchronized GeneratedText text() {
            return new GeneratedText(content.toString(), reasoning.toString(), toolCalls.toString());
        }

        private static void append(StringBuilder text, String delta) {
            if (delta != null) {
                text.append(delta);
            }
        }
    }
}
