package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.http.RelayWriting;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.in.RelayCommand;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;
import io.llmbridge.domain.RequestContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /messages} to a model whose provider speaks the Messages API ({@code adapter:
 * anthropic}): the body relayed as the client sent it (the provider rewrites {@code model}) with
 * the client's {@code anthropic-version} and {@code anthropic-beta}, the answer or event stream
 * sent back as it came. A body whose {@code model} or {@code stream} is not of the right type is
 * left to the translation, which names what is wrong.
 *
 * @param relay null to translate every request
 */
record RelayedMessages(PassThroughUseCase relay) {
    private static final List<String> FORWARDED = List.of("anthropic-version", "anthropic-beta");

    /** @return false when the request is not relayed and must be translated */
    boolean answer(ServerRequest req, ServerResponse res, Caller caller, RequestContext context, ChatAdmission.Pass pass,
                   Map<String, Object> json, byte[] body) {
        RelayedRequest request = request(req, json, body);
        if (request == null) {
            return false;
        }
        Optional<RelayedAnswer> answer = relay.relay(new RelayCommand(caller, PassThroughUseCase.Api.MESSAGES, request, context,
                headroom -> RateLimitHeaders.set(res, headroom)));
        if (answer.isEmpty()) {
            return false;
        }
        try (RelayedAnswer relayed = answer.get()) {
            pass.onShutdown(() -> relayed.stop(BridgeException.gatewayShutdown()));
            MessagesEndpoint.answeredBy(res, relayed.answeredBy());
            send(relayed, request.stream(), res);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** The request to relay; null when there is no relay or the body's {@code model} or {@code stream} is mistyped. */
    RelayedRequest request(ServerRequest req, Map<String, Object> json, byte[] body) {
        if (relay == null || !(json.get("model") instanceof String model) || model.isBlank()
                || !(json.get("stream") == null || json.get("stream") instanceof Boolean)) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : FORWARDED) {
            List<String> values = req.headers().values(HeaderNames.create(name));
            if (!values.isEmpty()) {
                headers.put(name, String.join(",", values));
            }
        }
        return new RelayedRequest(body, model, Boolean.TRUE.equals(json.get("stream")), headers);
    }

    private static void send(RelayedAnswer answer, boolean stream, ServerResponse res) throws IOException {
        RelayWriting.send(answer, stream, res::header, res::send, res::outputStream,
                error -> "event: error\ndata: " + AnthropicErrors.json(error) + "\n\n");
    }
}
