package io.llmbridge.application.port.out;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

/**
 * One upstream provider. Implementations send {@code route.upstreamModel()} as the model, honour
 * {@code route.timeout()}, and report failures as {@link io.llmbridge.domain.BridgeException}s.
 */
public interface ChatProvider {
    ChatResponse complete(ModelRoute route, ChatRequest request);

    ChatStream stream(ModelRoute route, ChatRequest request);
}
