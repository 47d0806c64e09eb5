package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;

import java.util.List;

/**
 * Routes, calls the providers (with the route's rules, retries, key rotation, deployments and
 * fallbacks) and records how each request ended.
 */
public final class ChatCompletionService implements ChatCompletionUseCase {
    private final ModelCatalog catalog;
    private final ChatRecorder recorders;
    private final UpstreamCalls calls;

    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders) {
        this(catalog, providers, recorders, ResilienceSettings.DEFAULTS);
    }

    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 ResilienceSettings resilience) {
        this(catalog, providers, recorders, resilience, Timing.SYSTEM);
    }

    ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                          ResilienceSettings resilience, Timing timing) {
        this.catalog = catalog;
        this.recorders = new ChatRecorders(recorders);
        this.calls = new UpstreamCalls(catalog, providers, resilience, timing);
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        ModelRoute route = route(command);
        Trail trail = new Trail();
        ChatResponse response;
        try {
            response = calls.call(route, command.request(), trail, UpstreamCalls.COMPLETE);
        } catch (BridgeException e) {
            recordFailure(command, route, e, trail);
            throw e;
        }
        ModelRoute answering = trail.answeringRoute();
        recorders.record(new ChatRecord(command.context(), command.caller(), command.request().model(), route,
                false, Outcome.SUCCESS, null, response.usage(), null, command.context().elapsed(),
                response.finishReason(), response.upstreamRequestId(), answering, trail.attempts()));
        return response.withAnsweredBy(answering.ref().id());
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        ModelRoute route = route(command);
        Trail trail = new Trail();
        ChatStream upstream;
        try {
            upstream = calls.call(route, command.request(), trail, UpstreamCalls.STREAM);
        } catch (BridgeException e) {
            recordFailure(command, route, e, trail);
            throw e;
        }
        return new RecordedStream(upstream, command, route, trail, recorders);
    }

    private ModelRoute route(ChatCommand command) {
        try {
            String model = command.request().model();
            return catalog.find(ModelRef.parse(model)).orElseThrow(() -> BridgeException.modelNotFound(model));
        } catch (BridgeException e) {
            recordFailure(command, null, e, new Trail());
            throw e;
        }
    }

    private void recordFailure(ChatCommand command, ModelRoute route, BridgeException error, Trail trail) {
        recorders.record(new ChatRecord(command.context(), command.caller(), command.request().model(), route,
                command.request().stream(), Outcome.FAILURE, error, null, null, command.context().elapsed(), null, null,
                trail.answeringRoute(), trail.attempts()));
    }
}
