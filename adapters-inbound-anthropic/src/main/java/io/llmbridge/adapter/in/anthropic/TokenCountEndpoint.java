package io.llmbridge.adapter.in.anthropic;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.RequestContext;

/**
 * {@code POST /messages/count_tokens}: the prompt's tokens as the gateway's tokenizer estimates
 * them for the request translated to chat (labelled {@code x-llmbridge-usage-source: estimated}).
 * The count needs no provider, so nothing is routed, called or recorded; the model's name only
 * picks the tokenizer.
 */
record TokenCountEndpoint(Reception reception, TokenCounter tokens, BodyReading bodies) {
    void countTokens(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res);
        reception.caller(req, context);
        ChatRequest request = MessagesRequest.forCounting(bodies.readObject(req));
        long count = tokens.promptTokens(ModelRef.parse(request.model()).model(), request);
        res.header(MessagesEndpoint.USAGE_SOURCE, "estimated");
        MessagesJson.send(res, PlainJson.write(Fields.ordered("input_tokens", count)));
    }
}
