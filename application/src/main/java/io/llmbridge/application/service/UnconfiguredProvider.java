package io.llmbridge.application.service;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;

import java.time.Duration;

/** Stands in for a provider whose API key is not set: its models answer 503 naming the variable. */
public final class UnconfiguredProvider implements ChatProvider, EmbeddingProvider {
    private final String provider;
    private final String keyVariable;

    public UnconfiguredProvider(String provider, String keyVariable) {
        this.provider = provider;
        this.keyVariable = keyVariable;
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        throw unavailable();
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        throw unavailable();
    }

    @Override
    public Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
        throw unavailable();
    }

    private BridgeException unavailable() {
        return BridgeException.of(ErrorKind.UNAVAILABLE, "Provider '" + provider
                + "' is not configured on this gateway: the operator must set " + keyVariable + ".")
                .code("provider_not_configured").build();
    }
}
