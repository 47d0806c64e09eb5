package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;

import java.time.Duration;

/**
 * The one record of a chat command, for whichever part of the service sees it end (the service
 * itself, or the stream it handed out). The request part is read from the command here, once:
 * whether the call streams is what the request says. The command's quotas are settled here too,
 * with the usage recorded: this is the one place every ending passes.
 */
final class ChatRecording {
    private final ChatCommand command;
    private final ChatRecorder recorder;
    private final ContentCapture contentCapture;
    private volatile QuotaHold quota = QuotaHold.NONE;

    ChatRecording(ChatCommand command, ChatRecorder recorder, ContentCapture contentCapture) {
        this.command = command;
        this.recorder = recorder;
        this.contentCapture = contentCapture;
    }

    ChatCommand command() {
        return command;
    }

    /** The quotas the command was admitted with, settled when it ends. */
    void holding(QuotaHold quota) {
        this.quota = quota;
    }

    /** Time since the command was received: what an ending made now lasted. */
    Duration elapsed() {
        return command.context().elapsed();
    }

    /** A command that failed before any chunk reached the client; the prompt may have gone upstream. */
    void failed(ChatRecord.Routing routing, BridgeException error, Usage usage) {
        ended(routing, ChatRecord.Answer.NONE, ChatRecord.Ending.failure(error, usage, elapsed()), null);
    }

    /** @param completion the text handed to the client; null or empty when there was none */
    void ended(ChatRecord.Routing routing, ChatRecord.Answer answer, ChatRecord.Ending ending, String completion) {
        // Settled first: once the record is seen (by the audit, a test, a metric), the quota is free.
        try {
            ModelRoute charged = routing.answeringRoute() != null ? routing.answeringRoute() : routing.route();
            quota.settle(ending.usage(), charged == null ? null : charged.ref());
        } finally {
            recorder.record(new ChatRecord(request(), routing, answer, ending,
                    contentCapture.of(command.request(), completion)));
        }
    }

    private ChatRecord.Request request() {
        return new ChatRecord.Request(command.context(), command.caller(), command.request().model(), command.request().stream());
    }
}
