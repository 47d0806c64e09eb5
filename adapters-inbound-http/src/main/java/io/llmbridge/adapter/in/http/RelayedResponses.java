package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.http.RelayWriting;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.in.RelayCommand;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /responses} to a model whose provider speaks the Responses API ({@code responses:
 * native}): the body relayed as the client sent it (the provider rewrites {@code model}), the
 * answer or event stream sent back as it came. A body whose {@code model} or {@code stream} is
 * not of the right type is left to the translation, which names what is wrong.
 */
record RelayedResponses(PassThroughUseCase relay) {
    /** @return false when the request is not relayed and must be translated */
    boolean answer(ChatStart start, ChatAdmission.Pass pass, Map<String, Object> json, byte[] body) {
        if (relay == null || !(json.get("model") instanceof String model) || model.isBlank()
                || !(json.get("stream") == null || json.get("stream") instanceof Boolean)) {
            return false;
        }
        RelayedRequest request = new RelayedRequest(body, model, Boolean.TRUE.equals(json.get("stream")), Map.of());
        Optional<RelayedAnswer> answer = relay.relay(new RelayCommand(start.caller(), PassThroughUseCase.Api.RESPONSES,
                request, start.context(), headroom -> RateLimitHeaders.set(start.res(), headroom)));
        if (answer.isEmpty()) {
            return false;
        }
        try (RelayedAnswer relayed = answer.get()) {
            pass.onShutdown(() -> relayed.stop(BridgeException.gatewayShutdown()));
            start.answeredBy(relayed.answeredBy());
            send(relayed, request.stream(), start.res());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static void send(RelayedAnswer answer, boolean stream, ServerResponse res) throws IOException {
        RelayWriting.send(answer, stream, res::header, res::send, res::outputStream, RelayedResponses::errorEvent);
    }

    /** The Responses API's {@code error} event, for a failure after the stream began. */
    private static String errorEvent(BridgeException error) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "error");
        event.put("code", error.code() != null ? error.code() : OpenAiErrors.type(error.kind()));
        event.put("message", error.getMessage());
        event.put("param", null);
        return "event: error\ndata: " + PlainJson.write(event) + "\n\n";
    }
}
