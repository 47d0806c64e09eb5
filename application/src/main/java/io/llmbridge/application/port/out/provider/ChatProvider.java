package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.time.Duration;

/**
 * One upstream provider. Implementations send {@code route.upstreamModel()} as the model, bound
 * their waits as each call says, and report failures as {@link io.llmbridge.domain.BridgeException}s.
 * <p>
 * The application retries, rotates keys and fails over by what a failure says, so adapters keep
 * to this: an HTTP answer keeps its status in {@code upstreamStatus} (and {@code Retry-After} in
 * {@code retryAfter}); what the status alone does not say is its
 * {@link io.llmbridge.domain.UpstreamFailure} (a refused API key is always
 * {@code KEY_REJECTED}, see {@link io.llmbridge.domain.BridgeException#upstreamKeyRejected}); a
 * failure with no HTTP answer (refused, reset, broken before the end) is {@code UPSTREAM_ERROR}
 * without a status; running out of time is {@code UPSTREAM_TIMEOUT}. An adapter never retries by
 * itself.
 */
public interface ChatProvider {
    /**
     * A whole answer.
     *
     * @param timeout how long the whole exchange may take: the route's timeout, or what retries
     *                have left of it
     */
    ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout);

    /** A whole answer within the route's whole timeout. */
    default ChatResponse complete(ModelRoute route, ChatRequest request) {
        return complete(route, request, route.timeout());
    }

    /** A stream whose first chunk, and each next one, may take the route's timeout. */
    ChatStream stream(ModelRoute route, ChatRequest request);
}
