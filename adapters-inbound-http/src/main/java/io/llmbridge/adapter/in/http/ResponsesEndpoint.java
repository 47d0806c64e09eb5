package io.llmbridge.adapter.in.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.adapter.support.inbound.RequestBodies;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /responses}, OpenAI's Responses API, answered through the chat use case (so routing,
 * usage, audit and metrics are those of a chat completion) and translated at this edge: the
 * request by {@link ResponsesRequest}, a whole answer by {@link ResponsesAnswer}, a stream by
 * {@link ResponseEvents}; or, to a provider that speaks the Responses API, relayed as it is
 * ({@link RelayedResponses}). The gateway keeps no responses, so reading one back is refused.
 */
record ResponsesEndpoint(Reception reception, ChatCompletionUseCase chat, RequestBodies bodies, ChatAdmission admission,
                         RelayedResponses relayed) implements Endpoint {

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/responses", this::create),
                Route.get("/responses/{id}", this::notKept),
                new Route(Method.DELETE, "/responses/{id}", this::notKept));
    }

    private void create(ServerRequest req, ServerResponse res) {
        // A chat for every meter and record: the same action as /chat/completions.
        RequestContext context = reception.context(req, res, RequestContext.CHAT_COMPLETION);
        ChatStart start = new ChatStart(req, res, reception.caller(req, context), context, chat);
        try (ChatAdmission.Pass pass = start.admitted(admission);
             RequestBodies.Body body = start.recordingRefusal(() -> bodies.read(req))) {
            Map<String, Object> json = start.recordingRefusal(() -> ResponsesRequest.parse(body.bytes()));
            if (relayed.answer(start, pass, json, body.bytes())) {
                return;
            }
            ResponsesRequest request = start.recordingRefusal(() -> ResponsesRequest.from(json));
            ChatCommand command = start.command(request.chat());
            if (request.stream()) {
                ChatStream stream = chat.stream(command);
                // The writer then sees the stream fail with gateway_shutdown and ends it with response.failed.
                pass.onShutdown(() -> stream.stop(BridgeException.gatewayShutdown()));
                start.answeredBy(stream.answeredBy());
                ResponseEventWriter.write(stream, request, context, res);
            } else {
                ChatResponse answer = chat.complete(command);
                start.answeredBy(answer.answeredBy());
                if (answer.usage() != null && answer.usage().isEstimated()) {
                    res.header(ChatStart.USAGE_SOURCE, "estimated");
                }
                JsonResponses.send(res, PlainJson.write(ResponsesAnswer.json(answer, request, context)));
            }
        }
    }

    private void notKept(ServerRequest req, ServerResponse res) {
        reception.caller(req, reception.context(req, res, "response.get"));
        throw BridgeException.invalidRequest(null, "The gateway does not keep responses, so there is none to read or delete"
                + " here: a translated request is answered as if it had 'store': false, and a response a native Responses"
                + " provider stored is read at that provider (its id does not say which provider holds it).");
    }
}
