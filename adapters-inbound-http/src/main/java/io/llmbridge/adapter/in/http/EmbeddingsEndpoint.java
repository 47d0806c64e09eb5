package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.application.port.in.EmbeddingsCommand;
import io.llmbridge.application.port.in.EmbeddingsUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.adapter.support.inbound.RequestBodies;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /embeddings}: an OpenAI-shaped upstream's answer is passed on as it came; vectors a
 * translating provider made are written in OpenAI's shape ({@link EmbeddingsJson}).
 */
record EmbeddingsEndpoint(Reception reception, EmbeddingsUseCase embeddings, RequestBodies bodies) implements Endpoint {
    @Override
    public List<Route> routes() {
        return List.of(Route.post("/embeddings", this::embed));
    }

    private void embed(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, RequestContext.EMBEDDINGS);
        Caller caller = reception.caller(req, context);
        try (RequestBodies.Body body = recordingRefusal(req, caller, context, () -> bodies.read(req))) {
            EmbeddingRequest request = recordingRefusal(req, caller, context,
                    () -> RequestReading.embeddingRequest(body.bytes()));
            Embeddings answer = embeddings.embed(new EmbeddingsCommand(caller, request, context,
                    headroom -> RateLimitHeaders.set(res, headroom)));
            res.header(ChatStart.ANSWERING_MODEL, answer.answeredBy());
            boolean estimated = answer.usage() != null && answer.usage().isEstimated();
            if (estimated) {
                res.header(ChatStart.USAGE_SOURCE, "estimated");
            }
            JsonResponses.send(res, answer.json() == null ? EmbeddingsJson.write(answer, request.base64())
                    : estimated ? EmbeddingsJson.withUsage(answer.json(), answer.usage()) : answer.json());
        }
    }

    private <T> T recordingRefusal(ServerRequest req, Caller caller, RequestContext context, Supplier<T> step) {
        return RefusalRecording.run(req, refusal -> embeddings.refused(caller, context, refusal), step);
    }
}
