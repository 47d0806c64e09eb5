package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.in.RelayCommand;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.application.port.out.provider.MessagesPassThrough;
import io.llmbridge.application.port.out.provider.ResponsesPassThrough;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Relays Responses and Messages requests to providers that speak those APIs, through
 * {@link UpstreamCalls} (retries, key rotation, deployments, fallbacks: a fallback whose provider
 * does not speak the API is passed over) and recorded as chats are ({@link ChatRecording}): one
 * record when the answer has been read and closed, with the usage the provider reported.
 */
public final class PassThroughService implements PassThroughUseCase {
    /** What a relayed body's prompt is reserved at: about four bytes a token, without reading it. */
    private static final int BYTES_PER_TOKEN = 4;

    private final ModelCatalog catalog;
    private final ChatProviders providers;
    private final ChatRecorders recorders;
    private final UpstreamCalls calls;
    private final Quotas quotas;

    /**
     * @param upstreams the upstream calls, shared with the gateway's other services
     * @param quotas    admits each relayed request as a chat (docs/limits.md)
     */
    public PassThroughService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                              Upstreams upstreams, Quotas quotas) {
        this(catalog, providers, recorders, quotas, upstreams.calls);
    }

    /** With upstream calls of its own, and without limits or tracing. */
    public PassThroughService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                              ResilienceSettings resilience) {
        this(catalog, providers, recorders, resilience, Quotas.NONE, CallTracing.OFF, Timing.SYSTEM);
    }

    PassThroughService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                       ResilienceSettings resilience, Timing timing) {
        this(catalog, providers, recorders, resilience, Quotas.NONE, CallTracing.OFF, timing);
    }

    PassThroughService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                       ResilienceSettings resilience, Quotas quotas, CallTracing tracing, Timing timing) {
        this(catalog, providers, recorders, quotas, new UpstreamCalls(catalog, providers, resilience, timing, tracing));
    }

    private PassThroughService(ModelCatalog catalog, ChatProviders providers, List<? extends ChatRecorder> recorders,
                               Quotas quotas, UpstreamCalls calls) {
        this.catalog = catalog;
        this.providers = providers;
        this.recorders = new ChatRecorders(recorders);
        this.quotas = quotas;
        this.calls = calls;
    }

    @Override
    public Optional<RelayedAnswer> relay(RelayCommand command) {
        RelayedRequest request = command.request();
        // Relayed bodies are not captured for the audit: they are not in the chat's shape.
        ChatRecording recording = new ChatRecording(asChat(command), recorders, ContentCapture.OFF);
        ModelRoute route;
        try {
            route = route(command);
        } catch (BridgeException e) {
            recording.failed(ChatRecord.Routing.NONE, e, null);
            throw e;
        }
        if (!speaks(route, command.api())) {
            return Optional.empty();
        }
        Trail<RelayedRequest> trail = new Trail<>(route);
        try {
            recording.holding(quotas.admit(command.caller(), route.ref(), () -> request.body().length / BYTES_PER_TOKEN,
                    null, command.headroom()));
        } catch (BridgeException e) {
            recording.failed(trail.routing(), e, null);
            throw e;
        }
        RelayedAnswer answer;
        try {
            answer = calls.call(request, trail, new Relay(command.api(), request.stream()));
        } catch (BridgeException e) {
            // The prompt may have been read; the provider's bill is not known without its usage.
            recording.failed(trail.routing(), e, null);
            throw e;
        }
        if (request.stream()) {
            recorders.streamOpened(command.context(), trail.answeringRoute());
        }
        return Optional.of(new RecordedRelay(answer, trail, recording));
    }

    @Override
    public OptionalLong countTokens(RelayCommand command) {
        // An unknown or forbidden model is counted by the gateway's estimate, as it always was:
        // the provider's key is spent only on a model the caller may use.
        Optional<ModelRoute> route = find(command.request().model())
                .filter(found -> found.kind() == ModelKind.CHAT && command.caller().models().allows(found.ref()));
        if (command.api() != Api.MESSAGES || route.isEmpty() || !speaks(route.get(), Api.MESSAGES)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(calls.call(command.request(), new Trail<>(route.get()), COUNT));
    }

    private Optional<ModelRoute> find(String model) {
        int slash = model.indexOf('/');
        return slash <= 0 || slash == model.length() - 1 ? Optional.empty() : catalog.find(ModelRef.parse(model));
    }

    private ModelRoute route(RelayCommand command) {
        String model = command.request().model();
        ModelRoute route = find(model).orElseThrow(() -> BridgeException.modelNotFound(model));
        ModelKind.CHAT.requireOf(route);
        if (!command.caller().models().allows(route.ref())) {
            throw BridgeException.modelNotAllowed(model);
        }
        return route;
    }

    /** Whether the route's provider speaks the API (its instances are alike, so the first tells). */
    private boolean speaks(ModelRoute route, Api api) {
        List<KeyedProvider> keyed = providers.keyed(route.ref().provider());
        return !keyed.isEmpty() && speaks(keyed.getFirst().provider(), api);
    }

    private static boolean speaks(ChatProvider provider, Api api) {
        return switch (api) {
            case RESPONSES -> provider instanceof ResponsesPassThrough responses && responses.speaksResponses();
            case MESSAGES -> provider instanceof MessagesPassThrough;
        };
    }

    /** The record's request part: a chat of the model asked for, streamed or not, with no messages to capture. */
    private static ChatCommand asChat(RelayCommand command) {
        RelayedRequest request = command.request();
        Map<String, Object> body = Map.of("model", request.model(), "stream", request.stream());
        return new ChatCommand(command.caller(), new ChatRequest(body, request.model(), List.of(), request.stream(), null),
                command.context());
    }

    /** A fallback or deployment whose provider does not speak the API cannot answer: the next may. */
    private static BridgeException notSpoken(ModelRoute route, Api api) {
        return BridgeException.of(ErrorKind.UNAVAILABLE, "Provider '" + route.ref().provider() + "' does not speak the "
                + (api == Api.RESPONSES ? "Responses" : "Messages") + " API, so this request cannot be relayed to '"
                + route.ref().id() + "'.").code("relay_not_supported").build();
    }

    /**
     * One relayed call, of the same bytes on every route (the provider rewrites the model); an
     * answer counts once its first piece has arrived, so a failure up to it is retried.
     */
    private record Relay(Api api, boolean stream) implements UpstreamCalls.Exchange<RelayedRequest, RelayedAnswer> {
        @Override
        public RelayedAnswer call(ChatProvider provider, ModelRoute route, RelayedRequest request, Duration timeout) {
            if (!speaks(provider, api)) {
                throw notSpoken(route, api);
            }
            RelayedAnswer answer = api == Api.RESPONSES
                    ? ((ResponsesPassThrough) provider).relayResponses(route, request, timeout)
                    : ((MessagesPassThrough) provider).relayMessages(route, request, timeout);
            return PrimedRelay.open(answer);
        }

        @Override
        public boolean timeoutBoundsWholeCall() {
            return !stream;
        }

        @Override
        public CallTracing.Call traced(RelayedRequest request) {
            return CallTracing.Call.of("chat", stream);
        }
    }

    private static final UpstreamCalls.Exchange<RelayedRequest, Long> COUNT = new UpstreamCalls.Exchange<>() {
        @Override
        public Long call(ChatProvider provider, ModelRoute route, RelayedRequest request, Duration timeout) {
            if (!(provider instanceof MessagesPassThrough messages)) {
                throw notSpoken(route, Api.MESSAGES);
            }
            return messages.countTokens(route, request, timeout);
        }

        @Override
        public boolean timeoutBoundsWholeCall() {
            return true;
        }

        @Override
        public CallTracing.Call traced(RelayedRequest request) {
            return CallTracing.Call.of("count_tokens", false);
        }
    };
}
