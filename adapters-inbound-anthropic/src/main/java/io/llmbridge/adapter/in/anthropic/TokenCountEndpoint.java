package io.llmbridge.adapter.in.anthropic;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.in.RelayCommand;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.RelayedRequest;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.RequestContext;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code POST /messages/count_tokens}: exact, from Anthropic's own {@code count_tokens}, when the
 * model's provider speaks Messages (labelled {@code x-llmbridge-usage-source: provider}); otherwise
 * the prompt's tokens as the gateway's tokenizer estimates them for the request translated to chat
 * (labelled {@code estimated}), with the model's name only picking the tokenizer. Nothing is
 * recorded: nothing is generated.
 */
record TokenCountEndpoint(Reception reception, TokenCounter tokens, RequestBodies bodies, RelayedMessages relayed) {
    void countTokens(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res);
        Caller caller = reception.caller(req, context);
        long count;
        try (RequestBodies.Body read = bodies.read(req)) {
            byte[] body = read.bytes();
            Map<String, Object> json = BodyReading.parse(body);
            RelayedRequest relay = relayed.request(req, json, body);
            OptionalLong exact = relay == null ? OptionalLong.empty()
                    : relayed.relay().countTokens(new RelayCommand(caller, PassThroughUseCase.Api.MESSAGES, relay, context));
            if (exact.isPresent()) {
                count = exact.getAsLong();
                res.header(MessagesEndpoint.USAGE_SOURCE, "provider");
            } else {
                ChatRequest request = MessagesRequest.forCounting(json);
                count = tokens.promptTokens(ModelRef.parse(request.model()).model(), request);
                res.header(MessagesEndpoint.USAGE_SOURCE, "estimated");
            }
        }
        MessagesJson.send(res, PlainJson.write(Fields.ordered("input_tokens", count)));
    }
}
