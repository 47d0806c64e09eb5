package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
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
    private final Quotas quotas;

    /**
     * @param tokens         counts what providers do not report; null to leave their usage as it is
     * @param contentCapture whether records carry the prompt and completion text (for an audit
     *                       that includes content)
     * @param upstreams      the upstream calls, with their retries, key rotation, deployments and
     *                       fallbacks, shared with the gateway's other services
     * @param quotas         admits each request before its upstream call, settled when it ends
     */
    public ChatCompletionService(ModelCatalog catalog, List<? extends ChatRecorder> recorders, TokenCounter tokens,
                                 ContentCapture contentCapture, Upstreams upstreams, Quotas quotas) {
        this(catalog, recorders, tokens, contentCapture, quotas, upstreams.calls);
    }

    /** With upstream calls of its own, and without limits or tracing. */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 TokenCounter tokens, ContentCapture contentCapture, ResilienceSettings resilience) {
        this(catalog, providers, recorders, tokens, contentCapture, resilience, Quotas.NONE, Timing.SYSTEM);
    }

    /** With the default resilience timing. */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 TokenCounter tokens, ContentCapture contentCapture) {
        this(catalog, providers, recorders, tokens, contentCapture, ResilienceSettings.DEFAULTS);
    }

    /** With a clock of the test's, and no tracing. */
    ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                          TokenCounter tokens, ContentCapture contentCapture, ResilienceSettings resilience, Quotas quotas,
                          Timing timing) {
        this(catalog, recorders, tokens, contentCapture, quotas,
                new UpstreamCalls(catalog, providers, resilience, timing, CallTracing.OFF));
    }

    private ChatCompletionService(ModelCatalog catalog, List<? extends ChatRecorder> recorders, TokenCounter tokens,
                                  ContentCapture contentCapture, Quotas quotas, UpstreamCalls calls) {
        this.catalog = catalog;
        this.quotas = java.util.Objects.requireNonNull(quotas, "quotas");
        this.recorders = new ChatRecorders(recorders);
        this.estimator = new UsageEstimator(tokens);
        this.contentCapture = java.util.Objects.requireNonNull(contentCapture, "contentCapture");
        this.calls = calls;
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        ChatRecording recording = new ChatRecording(command, recorders, contentCapture);
        Trail<ChatRequest> trail = admitted(command, route(command, recording), recording);
        ChatResponse response = call(command, trail, recording, UpstreamCalls.COMPLETE);
        ModelRoute answering = trail.answeringRoute();
        Usage usage = estimator.usage(response.usage(), answering, trail.lastRequest(), response.output());
        recording.ended(trail.routing(), new ChatRecord.Answer(response.finishReason(), response.upstreamRequestId(),
                        response.responseId()),
                ChatRecord.Ending.success(usage, recording.elapsed()), response.output().content());
        ChatResponse answered = response.withAnsweredBy(answering.ref().id());
        return usage == response.usage() ? answered : answered.withUsage(usage);
    }

    @Override
    public void refused(Caller caller, RequestContext context, BridgeException error) {
        recorders.record(ChatRecord.refused(context, caller, error));
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        ChatRecording recording = new ChatRecording(command, recorders, contentCapture);
        Trail<ChatRequest> trail = admitted(command, route(command, recording), recording);
        ChatStream upstream = call(command, trail, recording, UpstreamCalls.STREAM);
        ModelRoute answering = trail.answeringRoute();
        recorders.streamOpened(command.context(), answering);
        return new RecordedStream(upstream, trail, recording,
                delivered -> estimator.usage(null, answering, trail.lastRequest(), delivered));
    }

    private ModelRoute route(ChatCommand command, ChatRecording recording) {
        try {
            String model = command.request().model();
            ModelRoute route = catalog.find(ModelRef.parse(model)).orElseThrow(() -> BridgeException.modelNotFound(model));
            ModelKind.CHAT.requireOf(route);
            if (!command.caller().models().allows(route.ref())) {
                throw BridgeException.modelNotAllowed(model);
            }
            return route;
        } catch (BridgeException e) {
            recording.failed(ChatRecord.Routing.NONE, e, null);
            throw e;
        }
    }

    /** The route's trail, once the quotas admitted the command; a refusal is recorded and thrown. */
    private Trail<ChatRequest> admitted(ChatCommand command, ModelRoute route, ChatRecording recording) {
        Trail<ChatRequest> trail = new Trail<>(route);
        try {
            recording.holding(quotas.admit(command.caller(), route.ref(), () -> RoughTokens.of(command.request()),
                    command.request().maxTokens(), command.headroom()));
        } catch (BridgeException e) {
            recording.failed(trail.routing(), e, null);
            throw e;
        }
        return trail;
    }

    /**
     * The upstream call, with its retries and fallbacks. When it all fails, the record is charged
     * as {@link UsageEstimator#failedCall} rules from the last call.
     */
    private <T> T call(ChatCommand command, Trail<ChatRequest> trail, ChatRecording recording,
                       UpstreamCalls.Exchange<ChatRequest, T> exchange) {
        try {
            return calls.call(command.request(), trail, exchange);
        } catch (BridgeException e) {
            recording.failed(trail.routing(), e, estimator.failedCall(trail.lastRoute(), trail.lastRequest(), e));
            throw e;
        }
    }
}
