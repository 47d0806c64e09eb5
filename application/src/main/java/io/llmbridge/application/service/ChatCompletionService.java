package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.util.List;

/**
 * Routes, calls the providers (with the route's rules, retries, key rotation, deployments and
 * fallbacks) and records how each request ended, with the provider's usage or, when it reported
 * none, the gateway's estimate.
 */
public final class ChatCompletionService implements ChatCompletionUseCase {
    private final ModelCatalog catalog;
    private final ChatRecorder recorders;
    private final UsageEstimator estimator;
    private final ContentCapture contentCapture;
    private final UpstreamCalls calls;

    /**
     * @param tokens         counts what providers do not report; null to leave their usage as it is
     * @param contentCapture whether records carry the prompt and completion text (for an audit
     *                       that includes content)
     * @param resilience     the timing of retries, key cool-downs and circuit breakers
     */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 TokenCounter tokens, ContentCapture contentCapture, ResilienceSettings resilience) {
        this(catalog, providers, recorders, tokens, contentCapture, resilience, Timing.SYSTEM);
    }

    /** With the default resilience timing. */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 TokenCounter tokens, ContentCapture contentCapture) {
        this(catalog, providers, recorders, tokens, contentCapture, ResilienceSettings.DEFAULTS);
    }

    ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                          TokenCounter tokens, ContentCapture contentCapture, ResilienceSettings resilience, Timing timing) {
        this.catalog = catalog;
        this.recorders = new ChatRecorders(recorders);
        this.estimator = new UsageEstimator(tokens);
        this.contentCapture = java.util.Objects.requireNonNull(contentCapture, "contentCapture");
        this.calls = new UpstreamCalls(catalog, providers, resilience, timing);
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        ModelRoute route = route(command);
        Trail trail = new Trail();
        ChatResponse response = call(command, route, trail, UpstreamCalls.COMPLETE);
        ModelRoute answering = trail.answeringRoute();
        Usage usage = estimator.usage(response.usage(), answering, trail.lastRequest(), response.output());
        String text = response.output().content();
        recorders.record(record(command, Outcome.SUCCESS).route(route).usage(usage)
                .finishReason(response.finishReason()).upstreamRequestId(response.upstreamRequestId())
                .upstreamTime(trail.upstreamTime()).content(contentCapture.of(command.request(), text.isEmpty() ? null : text))
                .answeringRoute(answering).attempts(trail.attempts()).build());
        ChatResponse answered = response.withAnsweredBy(answering.ref().id());
        return usage == response.usage() ? answered : answered.withUsage(usage);
    }

    @Override
    public void refused(Caller caller, RequestContext context, BridgeException error) {
        recorders.record(ChatRecord.of(context, Outcome.FAILURE, context.elapsed()).caller(caller).error(error).build());
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        ModelRoute route = route(command);
        Trail trail = new Trail();
        ChatStream upstream = call(command, route, trail, UpstreamCalls.STREAM);
        ModelRoute answering = trail.answeringRoute();
        recorders.streamOpened(command.context(), answering);
        return new RecordedStream(upstream, command, route, trail, recorders,
                delivered -> estimator.usage(null, answering, trail.lastRequest(), delivered), contentCapture);
    }

    /** The upstream call, with its retries and fallbacks; a failure of it all is recorded. */
    private <T> T call(ChatCommand command, ModelRoute route, Trail trail, UpstreamCalls.Exchange<T> exchange) {
        try {
            return calls.call(route, command.request(), trail, exchange);
        } catch (BridgeException e) {
            recordCallFailure(command, route, e, trail);
            throw e;
        }
    }

    private ModelRoute route(ChatCommand command) {
        try {
            String model = command.request().model();
            return catalog.find(ModelRef.parse(model)).orElseThrow(() -> BridgeException.modelNotFound(model));
        } catch (BridgeException e) {
            recorders.record(record(command, Outcome.FAILURE).stream(command.request().stream()).error(e)
                    .content(contentCapture.of(command.request())).build());
            throw e;
        }
    }

    /**
     * A failed call still sent the prompt (the upstream may have read it), so it gets an estimate
     * of the last one; a request that reached no upstream (refused by the rules, a provider that
     * is not available) gets none.
     */
    private void recordCallFailure(ChatCommand command, ModelRoute route, BridgeException error, Trail trail) {
        Usage usage = trail.lastRequest() == null || error.kind() == ErrorKind.UNAVAILABLE ? null
                : estimator.usage(null, trail.lastRoute(), trail.lastRequest(), GeneratedText.NONE);
        recorders.record(record(command, Outcome.FAILURE).route(route).stream(command.request().stream()).error(error)
                .usage(usage).upstreamTime(trail.upstreamTime()).content(contentCapture.of(command.request()))
                .answeringRoute(trail.answeringRoute()).attempts(trail.attempts()).build());
    }

    /** A record of the command's request, ending now with {@code outcome}: who asked, for which model. */
    static ChatRecord.Builder record(ChatCommand command, Outcome outcome) {
        return ChatRecord.of(command.context(), outcome, command.context().elapsed())
                .caller(command.caller()).requestedModel(command.request().model());
    }
}
