package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

/**
 * One upstream provider. Implementations send {@code route.upstreamModel()} as the model, honour
 * {@code route.timeout()}, and report failures as {@link io.llmbridge.domain.BridgeException}s.
 * <p>
 * The application retries, rotates keys and fails over by what a failure says, so adapters keep
 * to this: an HTTP answer keeps its status in {@code upstreamStatus} (and {@code Retry-After} in
 * {@code retryAfter}); a refused API key is {@code UPSTREAM_ERROR} with the code
 * {@code upstream_authentication_failed}; a failure with no HTTP answer (refused, reset, broken
 * before the end) is {@code UPSTREAM_ERROR} without a status; running out of time is
 * {@code UPSTREAM_TIMEOUT}. An adapter never retries by itself.
 */
public interface ChatProvider {
    ChatResponse complete(ModelRoute route, ChatRequest request);

    ChatStream stream(ModelRoute route, ChatRequest request);
}
