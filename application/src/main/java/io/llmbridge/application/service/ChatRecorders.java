package io.llmbridge.application.service;

import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;

import java.util.List;
import java.util.function.Consumer;

/** Tells every recorder; one that fails must not fail the request nor keep the others from hearing. */
final class ChatRecorders implements ChatRecorder {
    private static final System.Logger LOG = System.getLogger(ChatRecorders.class.getName());

    private final List<ChatRecorder> recorders;

    ChatRecorders(List<? extends ChatRecorder> recorders) {
        this.recorders = List.copyOf(recorders);
    }

    @Override
    public void record(ChatRecord record) {
        tellEach(record.request().context(), recorder -> recorder.record(record));
    }

    @Override
    public void streamOpened(RequestContext context, ModelRoute route) {
        tellEach(context, recorder -> recorder.streamOpened(context, route));
    }

    private void tellEach(RequestContext context, Consumer<ChatRecorder> message) {
        for (ChatRecorder recorder : recorders) {
            try {
                message.accept(recorder);
            } catch (RuntimeException | Error e) {
                // An Error too: the answer is already the client's, and the recorders after this one must still hear of it.
                LOG.log(System.Logger.Level.ERROR, "A recorder failed for request " + context.requestId(), e);
            }
        }
    }
}
