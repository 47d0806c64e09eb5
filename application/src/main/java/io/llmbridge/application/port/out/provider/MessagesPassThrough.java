package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;

import java.util.Map;
import java.util.Optional;

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
 * work alike; failures are thrown before the first byte of a successful answer is handed out.
 */
public interface MessagesPassThrough {
    /**
     * Sends the client's body with only its {@code model} replaced by {@code route.upstreamModel()}
     * (every other byte as it came), with the provider's own key and the client's
     * {@code anthropic-version} and {@code anthropic-beta} headers.
     */
    RelayedAnswer relay(ModelRoute route, RelayedRequest request);

    /**
     * The prompt's tokens as the upstream counts them ({@code POST /v1/messages/count_tokens} with
     * the body's {@code model} rewritten as in {@link #relay}): exact, where the gateway's own
     * tokenizer can only estimate.
     */
    long countTokens(ModelRoute route, RelayedRequest request);

    /**
     * @param body    the request body exactly as the client sent it
     * @param headers the Anthropic headers to forward, by lower-case name ({@code anthropic-version}, {@code anthropic-beta})
     * @param stream  the body's {@code stream} field
     */
    record RelayedRequest(byte[] body, Map<String, String> headers, boolean stream) {
        public RelayedRequest {
            body = body.clone();
            headers = Map.copyOf(headers);
        }
    }

    /**
     * The upstream's answer as it arrives: a whole JSON body, or its event stream in pieces as they
     * were read. The provider reads what the gateway needs from the bytes as they pass (usage from
     * {@code message_start} and {@code message_delta}, {@code stop_reason}) without changing them.
     */
    interface RelayedAnswer extends AutoCloseable {
        /** {@code application/json} or {@code text/event-stream}, as the upstream said. */
        String contentType();

        /** The next bytes as received, empty at the end. @throws io.llmbridge.domain.BridgeException when the upstream fails */
        Optional<byte[]> next();

        /** The usage read so far (in the gateway's terms: cache reads inside prompt tokens); null when none was seen. */
        Usage usage();

        /** Anthropic's {@code stop_reason} as a chat finish reason; null until seen. */
        String finishReason();

        /** The upstream's {@code request-id}; null when it gave none. */
        String upstreamRequestId();

        @Override
        void close();
    }
}
