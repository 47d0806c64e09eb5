package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.adapter.support.inbound.RequestBodies;

import java.util.List;

/** {@code POST /chat/completions}: a chat answered whole, or streamed as server-sent events. */
record ChatCompletionsEndpoint(Reception reception, ChatCompletionUseCase chat, RequestBodies bodies, ChatAdmission admission)
        implements Endpoint {
    @Override
    public List<Route> routes() {
        return List.of(Route.post("/chat/completions", this::chatCompletions));
    }

    private void chatCompletions(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, RequestContext.CHAT_COMPLETION);
        ChatStart start = new ChatStart(req, res, reception.caller(req, context), context, chat);
        try (ChatAdmission.Pass pass = start.admitted(admission);
             RequestBodies.Body body = start.recordingRefusal(() -> bodies.read(req))) {
            // The body's values live until the answer has been sent: its room is held until then.
            ChatRequest request = start.recordingRefusal(() -> RequestReading.chatRequest(body.bytes()));
            answer(start.command(request), start, pass);
        }
    }

    private void answer(ChatCommand command, ChatStart start, ChatAdmission.Pass pass) {
        ServerResponse res = start.res();
        if (command.request().stream()) {
            ChatStream stream = chat.stream(command);
            // The writer then sees the stream fail with gateway_shutdown and tells the client in an error event.
            pass.onShutdown(() -> stream.stop(BridgeException.gatewayShutdown()));
            start.answeredBy(stream.answeredBy());
            EventStreamWriter.write(stream, res);
        } else {
            ChatResponse response = chat.complete(command);
            start.answeredBy(response.answeredBy());
            String json = response.json();
            // The provider reported no usage: the client gets the gateway's count, marked as such.
            if (response.usage() != null && response.usage().isEstimated()) {
                res.header(ChatStart.USAGE_SOURCE, "estimated");
                json = UsageJson.withUsage(json, response.usage());
            }
            JsonResponses.send(res, json);
        }
    }
}
