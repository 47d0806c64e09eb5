package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;

import java.util.LinkedHashMap;
import java.util.Map;

/** Authenticates, routes, applies the route's rules and calls the provider. */
public final class ChatCompletionService implements ChatCompletionUseCase {
    private static final String[] MAX_TOKEN_FIELDS = {"max_tokens", "max_completion_tokens"};

    private final ModelCatalog catalog;
    private final ChatProviders providers;

    public ChatCompletionService(ModelCatalog catalog, ChatProviders providers) {
        this.catalog = catalog;
        this.providers = providers;
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        Call call = prepare(command);
        return call.provider.complete(call.route, call.request);
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        Call call = prepare(command);
        return call.provider.stream(call.route, call.request);
    }

    private Call prepare(ChatCommand command) {
        ChatRequest request = command.request();
        ModelRoute route = catalog.find(ModelRef.parse(request.model()))
                .orElseThrow(() -> BridgeException.modelNotFound(request.model()));
        ChatProvider provider = providers.find(route.ref().provider())
                .orElseThrow(() -> BridgeException.of(ErrorKind.INTERNAL,
                        "No provider is wired for '" + route.ref().provider() + "'.").build());
        Map<String, Object> body = clampMaxTokens(route, route.paramRules().applyTo(request.body()));
        return new Call(provider, route, request.withBody(body));
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
