package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;

import java.util.List;
import java.util.function.Supplier;

/** {@code POST /chat/completions}: a chat answered whole, or streamed as server-sent events. */
record ChatCompletionsEndpoint(Reception reception, ChatCompletionUseCase chat, RequestBodies bodies) implements Endpoint {
    /** Which model answered: a fallback or deployment makes it differ from the one asked for. */
    static final HeaderName ANSWERING_MODEL = HeaderNames.create("x-llmbridge-model");
    static final HeaderName USAGE_SOURCE = HeaderNames.create("x-llmbridge-usage-source");

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/chat/completions", this::chatCompletions));
    }

    private void chatCompletions(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, RequestContext.CHAT_COMPLETION);
        Caller caller = reception.caller(req, context);
        try (RequestBodies.Body body = recordingRefusal(req, caller, context, () -> bodies.read(req))) {
            // The body's values live until the answer has been sent: its room is held until then.
            ChatRequest request = recordingRefusal(req, caller, context, () -> RequestReading.chatRequest(body.bytes()));
            answer(new ChatCommand(caller, request, context), res);
        }
    }

    /** Runs a step that may refuse the request before the chat service sees it, and records the refusal. */
    private <T> T recordingRefusal(ServerRequest req, Caller caller, RequestContext context, Supplier<T> step) {
        return RefusalRecording.run(req, refusal -> chat.refused(caller, context, refusal), step);
    }

    private void answer(ChatCommand command, ServerResponse res) {
        if (command.request().stream()) {
            ChatStream stream = chat.stream(command);
            answeredBy(res, stream.answeredBy());
            EventStreamWriter.write(stream, res);
        } else {
            ChatResponse response = chat.complete(command);
            answeredBy(res, response.answeredBy());
            String json = response.json();
            // The provider reported no usage: the client gets the gateway's count, marked as such.
            if (response.usage() != null && response.usage().isEstimated()) {
                res.header(USAGE_SOURCE, "estimated");
                json = UsageJson.withUsage(json, response.usage());
            }
            JsonResponses.send(res, json);
        }
    }

    private static void answeredBy(ServerResponse res, String model) {
        if (model != null) {
            res.header(ANSWERING_MODEL, model);
        }
    }
}
