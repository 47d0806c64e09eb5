package io.llmbridge.application.service;

import io.llmbridge.application.port.in.EmbeddingsCommand;
import io.llmbridge.application.port.in.EmbeddingsUseCase;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
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
import io.llmbridge.domain.UpstreamAttempt;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes an embeddings request to an embedding model, calls its provider and records how it
 * ended, through the same recorders as chats (audit, usage ledger, metrics).
 *
 * <p>Resilience is kept to what is cheap and safe for a call that is neither streamed nor
 * generated: a refused or rate-limited API key is rotated to the provider's next key, as for
 * chats. There are no backoff retries, fallbacks nor deployments; a route's {@code retries},
 * {@code fallbacks} and {@code deployments} apply to chats only.
 */
public final class EmbeddingsService implements EmbeddingsUseCase {
    private static final System.Logger LOG = System.getLogger(EmbeddingsService.class.getName());

    private final ModelCatalog catalog;
    private final ChatProviders providers;
    private final ChatRecorder recorders;
    private final TokenCounter tokens;
    private final ResilienceSettings resilience;
    private final Timing timing;
    private final Map<String, KeyRing> rings = new ConcurrentHashMap<>();

    /** @param tokens counts the prompt tokens of providers that report none; null to leave usage unknown */
    public EmbeddingsService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                             TokenCounter tokens, ResilienceSettings resilience) {
        this(catalog, providers, recorders, tokens, resilience, Timing.SYSTEM);
    }

    EmbeddingsService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                      TokenCounter tokens, ResilienceSettings resilience, Timing timing) {
        this.catalog = catalog;
        this.providers = providers;
        this.recorders = new ChatRecorders(recorders);
        this.tokens = tokens;
        this.resilience = resilience;
        this.timing = timing;
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
        List<UpstreamAttempt> attempts = new ArrayList<>();
        try {
            Embeddings answer = call(route, command.request(), attempts);
            Usage usage = answer.usage() != null ? answer.usage() : estimate(route, command.request());
            record(command, routing(route, route, attempts), new ChatRecord.Answer(null, answer.upstreamRequestId()),
                    ChatRecord.Ending.success(usage, command.context().elapsed()));
            Embeddings answered = answer.withAnsweredBy(route.ref().id());
            return usage == answer.usage() ? answered : answered.withUsage(usage);
        } catch (BridgeException e) {
            Usage charged = !attempts.isEmpty() && UsageEstimator.promptMayHaveBeenProcessed(e)
                    ? estimate(route, command.request()) : null;
            record(command, routing(route, null, attempts), ChatRecord.Answer.NONE,
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

    /** One call per API key at most: the next key only after the upstream refused or rate-limited this one. */
    private Embeddings call(ModelRoute route, EmbeddingRequest request, List<UpstreamAttempt> attempts) {
        KeyRing ring = ring(route.ref().provider());
        Set<Integer> spent = new HashSet<>();
        while (true) {
            KeyRing.Key key = ring.pick(spent);
            if (!(key.instance().provider() instanceof EmbeddingProvider provider)) {
                throw BridgeException.of(ErrorKind.INVALID_REQUEST, "Provider '" + route.ref().provider()
                        + "' does not serve embeddings.").param("model").code("embeddings_not_supported").build();
            }
            long started = timing.nanoTime();
            try {
                Embeddings answer = provider.embed(route, request, route.timeout());
                attempts.add(new UpstreamAttempt(route.ref(), key.fingerprint(), since(started), null, null));
                return answer;
            } catch (BridgeException e) {
                attempts.add(new UpstreamAttempt(route.ref(), key.fingerprint(), since(started), e, null));
                switch (NextStep.after(e)) {
                    case ANOTHER_KEY -> ring.rejected(key, e.upstreamStatus());
                    case ANOTHER_KEY_OR_WAIT -> ring.rateLimited(key, Backoff.retryAfter(e.retryAfter(), timing.now()));
                    default -> throw e;
                }
                spent.add(key.index());
                if (!ring.hasFreshKey(spent)) {
                    throw e;
                }
            }
        }
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

    private static ChatRecord.Routing routing(ModelRoute route, ModelRoute answering, List<UpstreamAttempt> attempts) {
        Duration upstream = attempts.stream().map(UpstreamAttempt::duration).reduce(Duration::plus).orElse(null);
        return new ChatRecord.Routing(route, answering, attempts, upstream);
    }

    private KeyRing ring(String provider) {
        return rings.computeIfAbsent(provider, name -> KeyRing.of(providers, name, resilience.keyCooldown(), timing));
    }

    private Duration since(long started) {
        return Duration.ofNanos(Math.max(0, timing.nanoTime() - started));
    }
}
