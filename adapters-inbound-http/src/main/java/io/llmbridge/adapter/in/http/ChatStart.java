package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.RequestContext;

import java.util.function.Supplier;

/**
 * What every chat-serving endpoint does before and around the chat use case, whatever surface it
 * translates (chat completions, Responses): admission while the gateway drains, recording a
 * refusal that happens before the use case sees the request, and naming the answering model.
 */
record ChatStart(ServerRequest req, ServerResponse res, Caller caller, RequestContext context, ChatCompletionUseCase chat) {
    /** Which model answered: a fallback or deployment makes it differ from the one asked for. */
    static final HeaderName ANSWERING_MODEL = HeaderNames.create("x-llmbridge-model");
    static final HeaderName USAGE_SOURCE = HeaderNames.create("x-llmbridge-usage-source");

    /** A chat refused while the gateway drains also closes its connection, so the client's next one goes elsewhere. */
    /** The command for {@code request}, whose quota decision sets the {@code x-ratelimit-*} headers. */
    ChatCommand command(ChatRequest request) {
        return new ChatCommand(caller, request, context, headroom -> RateLimitHeaders.set(res, headroom));
    }

    ChatAdmission.Pass admitted(ChatAdmission admission) {
        return recordingRefusal(() -> {
            try {
                return admission.admit();
            } catch (BridgeException e) {
                res.header(HeaderValues.CONNECTION_CLOSE);
                throw e;
            }
        });
    }

    /** Runs a step that may refuse the request before the chat service sees it, and records the refusal. */
    <T> T recordingRefusal(Supplier<T> step) {
        return RefusalRecording.run(req, refusal -> chat.refused(caller, context, refusal), step);
    }

    void answeredBy(String model) {
        if (model != null) {
            res.header(ANSWERING_MODEL, model);
        }
    }
}
