package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatContent;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a provider's stream on its way to the client: time to first chunk, the usage and
 * finish reason it reports, and how it ended; records all that once, when it is closed. A
 * stream closed before its end without an error was cancelled (the client went away).
 */
final class RecordedStream implements ChatStream {
    private final ChatStream upstream;
    private final ChatCommand command;
    private final ModelRoute route;
    private final ChatRecorder recorder;
    private final ContentCapture contentCapture;
    /** The answer's text so far, bounded; null when content is not captured. */
    private final BoundedText completion;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Duration timeToFirstChunk;
    private volatile Usage usage;
    private volatile String finishReason;
    private volatile BridgeException error;
    private volatile boolean ended;

    RecordedStream(ChatStream upstream, ChatCommand command, ModelRoute route, ChatRecorder recorder,
                   ContentCapture contentCapture) {
        this.upstream = upstream;
        this.command = command;
        this.route = route;
        this.recorder = recorder;
        this.contentCapture = contentCapture;
        this.completion = contentCapture.completionBuffer();
    }

    @Override
    public Optional<ChatChunk> next() {
        Optional<ChatChunk> next;
        try {
            next = upstream.next();
        } catch (BridgeException e) {
            error = e;
            throw e;
        }
        if (next.isEmpty()) {
            ended = true;
            return next;
        }
        ChatChunk chunk = next.get();
        if (timeToFirstChunk == null) {
            timeToFirstChunk = command.context().elapsed();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.finishReason() != null && finishReason == null) {
            finishReason = chunk.finishReason();
        }
        if (completion != null) {
            completion.append(chunk.contentDelta());
        }
        return next;
    }

    @Override
    public String upstreamRequestId() {
        return upstream.upstreamRequestId();
    }

    private ChatContent content() {
        if (completion == null) {
            return null;
        }
        return contentCapture.of(command.request(), completion.isEmpty() ? null : completion.toString());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            upstream.close();
        } finally {
            Outcome outcome = error != null ? Outcome.FAILURE : ended ? Outcome.SUCCESS : Outcome.CANCELLED;
            recorder.record(new ChatRecord(command.context(), command.caller(), command.request().model(), route, true,
                    outcome, error, usage, timeToFirstChunk, command.context().elapsed(), finishReason,
                    upstream.upstreamRequestId(), content()));
        }
    }
}
