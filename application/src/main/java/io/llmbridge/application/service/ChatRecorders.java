package io.llmbridge.application.service;

import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;

import java.util.List;

/** Tells every recorder; one that fails must not fail the request nor keep the others from hearing. */
final class ChatRecorders implements ChatRecorder {
    private static final System.Logger LOG = System.getLogger(ChatRecorders.class.getName());

    private final List<ChatRecorder> recorders;

    ChatRecorders(List<? extends ChatRecorder> recorders) {
        this.recorders = List.copyOf(recorders);
    }

    @Override
    public void record(ChatRecord record) {
        for (ChatRecorder recorder : recorders) {
            try {
                recorder.record(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A recorder failed for request " + record.context().requestId(), e);
            }
        }
    }
}
