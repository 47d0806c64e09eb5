package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.time.Duration;

/**
 * What a provider that speaks Anthropic's Messages API natively offers besides {@link ChatProvider}:
 * a Messages request relayed byte for byte, so that what a translation would lose (thinking blocks
 * and their signatures, {@code cache_control} with {@code ttl}, fields and block types that do not
 * exist yet) reaches the upstream and comes back untouched. The provider's {@link ChatProvider}
 * instance implements this interface too; the application checks for it on the route it resolved
 * and otherwise translates to a chat request.
 * <p>
 * The same contract as {@link ChatProvider} holds for failures (status, {@code Retry-After},
 * {@code UPSTREAM_TIMEOUT}, never a retry of its own), so retries, key rotation and fallbacks
 * work alike; a failure before the answer's status is thrown from the call itself.
 */
public interface MessagesPassThrough {
    /**
     * Sends the client's body with only its {@code model} replaced by {@code route.upstreamModel()}
     * (every other byte as it came), with the provider's own key and the request's
     * {@code anthropic-version} and {@code anthropic-beta} headers.
     *
     * @param timeout how long a whole answer may take; a stream's first and each next piece may take the route's timeout
     */
    RelayedAnswer relayMessages(ModelRoute route, RelayedRequest request, Duration timeout);

    /**
     * The prompt's tokens as the upstream counts them ({@code POST /v1/messages/count_tokens} with
     * the body's {@code model} rewritten as in {@link #relayMessages}): exact, where the gateway's own
     * tokenizer can only estimate.
     */
    long countTokens(ModelRoute route, RelayedRequest request, Duration timeout);
}
