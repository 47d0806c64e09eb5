package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /responses}, OpenAI's Responses API, answered through the chat use case (so routing,
 * usage, audit and metrics are those of a chat completion) and translated at this edge: the
 * request by {@link ResponsesRequest}, a whole answer by {@link ResponsesAnswer}, a stream by
 * {@link ResponseEvents}. The gateway keeps no responses, so reading one back is refused.
 */
record ResponsesEndpoint(Reception reception, ChatCompletionUseCase chat, RequestBodies bodies) implements Endpoint {
    private static final HeaderName ANSWERING_MODEL = HeaderNames.create("x-llmbridge-model");
    private static final HeaderName USAGE_SOURCE = HeaderNames.create("x-llmbridge-usage-source");

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/responses", this::create),
                Route.get("/responses/{id}", this::notKept),
                new Route(Method.DELETE, "/responses/{id}", this::notKept));
    }

    private void create(ServerRequest req, ServerResponse res) {
        // A chat for every meter and record: the same action as /chat/completions.
        RequestContext context = reception.context(req, res, RequestContext.CHAT_COMPLETION);
        Caller caller = reception.caller(req, context);
        try (RequestBodies.Body body = recordingRefusal(req, caller, context, () -> bodies.read(req))) {
            ResponsesRequest request = recordingRefusal(req, caller, context, () -> ResponsesRequest.from(body.bytes()));
            ChatCommand command = new ChatCommand(caller, request.chat(), context);
            if (request.stream()) {
                ChatStream stream = chat.stream(command);
                answeredBy(res, stream.answeredBy());
                ResponseEventWriter.write(stream, request, context, res);
            } else {
                ChatResponse answer = chat.complete(command);
                answeredBy(res, answer.answeredBy());
                if (answer.usage() != null && answer.usage().isEstimated()) {
                    res.header(USAGE_SOURCE, "estimated");
                }
                JsonResponses.send(res, PlainJson.write(ResponsesAnswer.json(answer, request, context)));
            }
        }
    }

    private void notKept(ServerRequest req, ServerResponse res) {
        reception.caller(req, reception.context(req, res, "response.get"));
        throw BridgeException.invalidRequest(null, "The gateway does not keep responses, so there is none to read or delete;"
                + " it answers the Responses API as if every request had 'store': false.");
    }

    /** Runs a step that may refuse the request before the chat service sees it, and records the refusal. */
    private <T> T recordingRefusal(ServerRequest req, Caller caller, RequestContext context, Supplier<T> step) {
        try {
            return step.get();
        } catch (BridgeException e) {
            chat.refused(caller, context, e);
            throw e;
        } catch (OutOfMemoryError e) {
            BridgeException refusal = ErrorResponses.outOfMemory(req);
            chat.refused(caller, context, refusal);
            throw refusal;
        }
    }

    private static void answeredBy(ServerResponse res, String model) {
        if (model != null) {
            res.header(ANSWERING_MODEL, model);
        }
    }
}
