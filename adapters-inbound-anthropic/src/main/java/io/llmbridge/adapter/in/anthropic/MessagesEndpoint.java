package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;

import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /messages}: to a provider that speaks Messages, relayed byte for byte
 * ({@link RelayedMessages}); to any other, translated into a chat completion, answered through
 * the same use case as {@code /chat/completions} (so routing, retries, usage, audit and metrics
 * are the same), and the answer translated back, whole or as Anthropic's event stream.
 */
record MessagesEndpoint(Reception reception, ChatCompletionUseCase chat, RequestBodies bodies, ChatAdmission admission,
                        RelayedMessages relayed) {
    static final HeaderName ANSWERING_MODEL = HeaderNames.create("x-llmbridge-model");
    static final HeaderName USAGE_SOURCE = HeaderNames.create("x-llmbridge-usage-source");

    void messages(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res);
        Caller caller = reception.caller(req, context);
        try (ChatAdmission.Pass pass = recordingRefusal(caller, context, admission::admit);
             // Its room in the large-body budget is held until the answer has been sent.
             RequestBodies.Body read = recordingRefusal(caller, context, () -> bodies.read(req))) {
            byte[] body = read.bytes();
            Map<String, Object> json = recordingRefusal(caller, context, () -> BodyReading.parse(body));
            if (relayed.answer(req, res, caller, context, pass, json, body)) {
                return;
            }
            ChatRequest request = recordingRefusal(caller, context, () -> MessagesRequest.toChat(json));
            ChatCommand command = new ChatCommand(caller, request, context, headroom -> RateLimitHeaders.set(res, headroom));
            String id = "msg_" + context.requestId();
            if (request.stream()) {
                ChatStream stream = chat.stream(command);
                // The writer then sees the stream fail with gateway_shutdown and sends Anthropic's error event.
                pass.onShutdown(() -> stream.stop(BridgeException.gatewayShutdown()));
                answeredBy(res, stream.answeredBy());
                EventWriting.write(stream, res, id, request.model());
            } else {
                ChatResponse response = chat.complete(command);
                answeredBy(res, response.answeredBy());
                if (response.usage() != null && response.usage().isEstimated()) {
                    res.header(USAGE_SOURCE, "estimated");
                }
                MessagesJson.send(res, MessagesResponse.json(response, id, request.model()));
            }
        }
    }

    /** Runs a step that may refuse the request before the chat service sees it, and records the refusal. */
    private <T> T recordingRefusal(Caller caller, RequestContext context, Supplier<T> step) {
        try {
            return step.get();
        } catch (BridgeException e) {
            chat.refused(caller, context, e);
            throw e;
        } catch (OutOfMemoryError e) {
            BridgeException refusal = ErrorAnswers.outOfMemory();
            chat.refused(caller, context, refusal);
            throw refusal;
        }
    }

    static void answeredBy(ServerResponse res, String model) {
        if (model != null) {
            res.header(ANSWERING_MODEL, model);
        }
    }
}
