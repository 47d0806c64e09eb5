package io.llmbridge.application.service;

import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatRecordersTest {
    @Test
    void a_recorder_that_throws_an_error_neither_fails_the_request_nor_silences_the_recorders_after_it() {
        List<ChatRecord> heard = new ArrayList<>();
        ChatRecorder failing = record -> {
            throw new OutOfMemoryError("Java heap space");
        };
        ChatRecorder throwing = record -> {
            throw new IllegalStateException("broken");
        };
        ChatRecorders recorders = new ChatRecorders(List.of(failing, throwing, heard::add));
        RequestContext context = RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, "127.0.0.1");
        ChatRecord record = ChatRecord.refused(context, new Caller("team", Caller.Role.USER), BridgeException.unexpected());

        recorders.record(record);

        assertEquals(List.of(record), heard);
    }
}
