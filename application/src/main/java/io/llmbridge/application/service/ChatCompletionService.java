package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes, applies the route's rules, calls the provider, and records how each request ended,
 * with the provider's usage or, when it reported none, the gateway's estimate.
 */
public final class ChatCompletionService implements ChatCompletionUseCase {
    private static final String[] MAX_TOKEN_FIELDS = {"max_tokens", "max_completion_tokens"};

    private final ModelCatalog catalog;
    private final ChatProviders providers;
    private final ChatRecorder recorders;
    private final UsageEstimator estimator;
    private final ContentCapture contentCapture;

    /**
     * @param tokens         counts what providers do not report; null to leave their usage as it is
     * @param contentCapture whether records carry the prompt and completion text (for an audit
     *                       that includes content)
     */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                                 TokenCounter tokens, ContentCapture contentCapture) {
        this.catalog = catalog;
        this.providers = providers;
        this.recorders = new ChatRecorders(recorders);
        this.estimator = new UsageEstimator(tokens);
        this.contentCapture = java.util.Objects.requireNonNull(contentCapture, "contentCapture");
    }

    /** Without estimates or content: usage is only what providers report. */
    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders) {
        this(catalog, providers, recorders, null, ContentCapture.OFF);
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        Call call = prepare(command);
        ChatResponse response;
        long start = System.nanoTime();
        try {
            response = call.provider.complete(call.route, call.request);
        } catch (BridgeException e) {
            recordCallFailure(command, call, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        Duration upstreamTime = Duration.ofNanos(System.nanoTime() - start);
        Usage usage = estimator.usage(response.usage(), call.route, call.request, response.output());
        recorders.record(new ChatRecord(command.context(), command.caller(), command.request().model(), call.route,
                false, Outcome.SUCCESS, null, usage, null, command.context().elapsed(),
                response.finishReason(), response.upstreamRequestId(), upstreamTime,
                contentCapture.of(command.request(), response.output().content().isEmpty() ? null : response.output().content())));
        return usage == response.usage() ? response : response.withUsage(usage);
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        Call call = prepare(command);
        ChatStream upstream;
        long start = System.nanoTime();
        try {
            upstream = call.provider.stream(call.route, call.request);
        } catch (BridgeException e) {
            recordCallFailure(command, call, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        recorders.streamOpened(command.context(), call.route);
        return new RecordedStream(upstream, command, call.route, recorders,
                delivered -> estimator.usage(null, call.route, call.request, delivered), System.nanoTime() - start,
                contentCapture);
    }

    private Call prepare(ChatCommand command) {
        try {
            ChatRequest request = command.request();
            ModelRoute route = catalog.find(ModelRef.parse(request.model()))
                    .orElseThrow(() -> BridgeException.modelNotFound(request.model()));
            ChatProvider provider = providers.find(route.ref().provider())
                    .orElseThrow(() -> BridgeException.of(ErrorKind.INTERNAL,
                            "No provider is wired for '" + route.ref().provider() + "'.").build());
            Map<String, Object> body = clampMaxTokens(route, route.paramRules().applyTo(request.body()));
            return new Call(provider, route, request.withBody(body));
        } catch (BridgeException e) {
            recordFailure(command, null, e);
            throw e;
        }
    }

    private void recordFailure(ChatCommand command, ModelRoute route, BridgeException error) {
        recorders.record(new ChatRecord(command.context(), command.caller(), command.request().model(), route,
                command.request().stream(), Outcome.FAILURE, error, null, null, command.context().elapsed(), null, null,
                null, contentCapture.of(command.request())));
    }

    /**
     * A provider call that failed still sent the prompt (the upstream may have read it), so it
     * gets an estimate of it; a provider that is not available was never reached and gets none.
     */
    private void recordCallFailure(ChatCommand command, Call call, BridgeException error, Duration upstreamTime) {
        Usage usage = error.kind() == ErrorKind.UNAVAILABLE ? null
                : estimator.usage(null, call.route, call.request, GeneratedText.NONE);
        recorders.record(new ChatRecord(command.context(), command.caller(), command.request().model(), call.route,
                command.request().stream(), Outcome.FAILURE, error, usage, null, command.context().elapsed(), null, null,
                upstreamTime, contentCapture.of(command.request())));
    }

    /** A request asking for more than the route allows is clamped to the route's limit. */
    private static Map<String, Object> clampMaxTokens(ModelRoute route, Map<String, Object> body) {
        Long limit = route.maxTokens();
        if (limit == null) {
            return body;
        }
        Map<String, Object> clamped = null;
        for (String field : MAX_TOKEN_FIELDS) {
            if (body.get(field) instanceof Number asked && asked.doubleValue() > limit) {
                if (clamped == null) {
                    clamped = new LinkedHashMap<>(body);
                }
                clamped.put(field, limit);
            }
        }
        return clamped == null ? body : clamped;
    }

    private record Call(ChatProvider provider, ModelRoute route, ChatRequest request) {
    }
}
