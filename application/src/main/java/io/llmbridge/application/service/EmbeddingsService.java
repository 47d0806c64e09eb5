package io.llmbridge.application.service;

import io.llmbridge.application.port.in.EmbeddingsCommand;
import io.llmbridge.application.port.in.EmbeddingsUseCase;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.List;

/**
 * Routes an embeddings request to an embedding model, calls its provider and records how it
 * ended, through the same recorders as chats (audit, usage ledger, metrics).
 *
 * <p>Calls go through {@link UpstreamCalls}, as chats do: the route's {@code retries} (with key
 * rotation, backoff and its {@code deployments}) and then its {@code fallbacks}, each with the
 * route's {@code timeout}.
 */
public final class EmbeddingsService implements EmbeddingsUseCase {
    private static final System.Logger LOG = System.getLogger(EmbeddingsService.class.getName());

    /** An embeddings call: the request is the same on every route (the default); its provider rewrites the model. */
    private static final UpstreamCalls.Exchange<EmbeddingRequest, Embeddings> EMBED = new UpstreamCalls.Exchange<>() {
        @Override
        public Embeddings call(ChatProvider provider, ModelRoute route, EmbeddingRequest request, Duration timeout) {
            if (!(provider instanceof EmbeddingProvider embeddings)) {
                throw BridgeException.of(ErrorKind.INVALID_REQUEST, "Provider '" + route.ref().provider()
                        + "' does not serve embeddings.").param("model").code("embeddings_not_supported").build();
            }
            return embeddings.embed(route, request, timeout);
        }

        @Override
        public boolean timeoutBoundsWholeCall() {
            return true;
        }

        @Override
        public CallTracing.Call traced(EmbeddingRequest request) {
            return CallTracing.Call.of("embeddings", false);
        }
    };

    private final ModelCatalog catalog;
    private final ChatRecorder recorders;
    private final TokenCounter tokens;
    private final UpstreamCalls calls;
    private final Quotas quotas;

    /**
     * @param tokens    counts the prompt tokens of providers that report none; null to leave usage unknown
     * @param upstreams the upstream calls, shared with the gateway's other services
     * @param quotas    admits each request against its limits, settled when it is recorded
     */
    public EmbeddingsService(ModelCatalog catalog, List<? extends ChatRecorder> recorders, TokenCounter tokens,
                             Upstreams upstreams, Quotas quotas) {
        this(catalog, recorders, tokens, quotas, upstreams.calls);
    }

    /** With upstream calls of its own, and without limits or tracing. */
    public EmbeddingsService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                             TokenCounter tokens, ResilienceSettings resilience) {
        this(catalog, providers, recorders, tokens, resilience, Quotas.NONE, CallTracing.OFF, Timing.SYSTEM);
    }

    EmbeddingsService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                      TokenCounter tokens, ResilienceSettings resilience, Timing timing) {
        this(catalog, providers, recorders, tokens, resilience, Quotas.NONE, CallTracing.OFF, timing);
    }

    EmbeddingsService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                      TokenCounter tokens, ResilienceSettings resilience, Quotas quotas, CallTracing tracing,
                      Timing timing) {
        this(catalog, recorders, tokens, quotas, new UpstreamCalls(catalog, providers, resilience, timing, tracing));
    }

    private EmbeddingsService(ModelCatalog catalog, List<? extends ChatRecorder> recorders, TokenCounter tokens,
                              Quotas quotas, UpstreamCalls calls) {
        this.catalog = catalog;
        this.recorders = new ChatRecorders(recorders);
        this.tokens = tokens;
        this.quotas = quotas;
        this.calls = calls;
    }

    @Override
    public Embeddings embed(EmbeddingsCommand command) {
        ModelRoute route;
        try {
            route = route(command.caller(), command.request().model());
        } catch (BridgeException e) {
            record(command, ChatRecord.Routing.NONE, ChatRecord.Answer.NONE,
                    ChatRecord.Ending.failure(e, null, command.context().elapsed()));
            throw e;
        }
        Trail<EmbeddingRequest> trail = new Trail<>(route);
        QuotaHold quota;
        try {
            quota = quotas.admit(command.caller(), route.ref(), () -> promptTokens(route, command.request()), 0L,
                    command.headroom());
        } catch (BridgeException e) {
            record(command, trail.routing(), ChatRecord.Answer.NONE, ChatRecord.Ending.failure(e, null, command.context().elapsed()));
            throw e;
        }
        try {
            Embeddings answer = calls.call(command.request(), trail, EMBED);
            ModelRoute answering = trail.answeringRoute();
            Usage usage = answer.usage() != null ? answer.usage() : estimate(answering, command.request());
            quota.settle(usage, answering.ref());
            record(command, trail.routing(), new ChatRecord.Answer(null, answer.upstreamRequestId(), null),
                    ChatRecord.Ending.success(usage, command.context().elapsed()));
            Embeddings answered = answer.withAnsweredBy(answering.ref().id());
            return usage == answer.usage() ? answered : answered.withUsage(usage);
        } catch (BridgeException e) {
            Usage charged = trail.lastRoute() != null && UsageEstimator.promptMayHaveBeenProcessed(e)
                    ? estimate(trail.lastRoute(), command.request()) : null;
            quota.settle(charged, trail.lastRoute() == null ? route.ref() : trail.lastRoute().ref());
            record(command, trail.routing(), ChatRecord.Answer.NONE,
                    ChatRecord.Ending.failure(e, charged, command.context().elapsed()));
            throw e;
        }
    }

    @Override
    public void refused(Caller caller, RequestContext context, BridgeException error) {
        recorders.record(ChatRecord.refused(context, caller, error));
    }

    private ModelRoute route(Caller caller, String model) {
        ModelRoute route = catalog.find(ModelRef.parse(model)).orElseThrow(() -> BridgeException.modelNotFound(model));
        ModelKind.EMBEDDING.requireOf(route);
        if (!caller.models().allows(route.ref())) {
            throw BridgeException.modelNotAllowed(model);
        }
        return route;
    }

    private long promptTokens(ModelRoute route, EmbeddingRequest request) {
        Usage estimate = estimate(route, request);
        return estimate == null ? 0 : estimate.promptTokens();
    }

    /** The gateway's count of the inputs' tokens; null when it cannot count. */
    private Usage estimate(ModelRoute route, EmbeddingRequest request) {
        if (tokens == null) {
            return null;
        }
        try {
            long prompt = 0;
            for (EmbeddingRequest.Input input : request.inputs()) {
                prompt += input.isText() ? tokens.completionTokens(route.upstreamModel(),
                        new GeneratedText(input.text(), "", "")) : input.tokens().size();
            }
            return Usage.estimated(prompt, 0, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "Could not estimate the usage of embeddings by " + route.ref().id()
                    + "; they are recorded without usage", e);
            return null;
        }
    }

    private void record(EmbeddingsCommand command, ChatRecord.Routing routing, ChatRecord.Answer answer,
                        ChatRecord.Ending ending) {
        recorders.record(new ChatRecord(new ChatRecord.Request(command.context(), command.caller(),
                command.request().model(), false), routing, answer, ending, null));
    }
}
