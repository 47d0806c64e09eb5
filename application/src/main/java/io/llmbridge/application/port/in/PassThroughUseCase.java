package io.llmbridge.application.port.in;

import io.llmbridge.domain.RelayedAnswer;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Relays a request in a provider's own API (the Responses API, Anthropic's Messages) byte for byte
 * when the model's provider speaks that API natively, with the chat's routing, resilience, usage,
 * audit and metrics. Where the provider does not, the answer is empty and the inbound adapter
 * translates the request onto the chat use case instead.
 */
public interface PassThroughUseCase {
    /** The provider APIs a request may be relayed in. */
    enum Api {
        /** OpenAI's {@code POST /v1/responses}. */
        RESPONSES,
        /** Anthropic's {@code POST /v1/messages}. */
        MESSAGES
    }

    /**
     * The answer, relayed, for the caller to read to its end and close; it is recorded on close.
     * Empty, with nothing recorded, when the model's provider does not speak {@code command.api()}.
     *
     * @throws io.llmbridge.domain.BridgeException when the model is unknown or not allowed, or every
     *         call failed (recorded)
     */
    Optional<RelayedAnswer> relay(RelayCommand command);

    /**
     * The prompt's tokens as Anthropic counts them, when the model's provider speaks Messages;
     * empty otherwise (the caller then estimates). Not recorded: nothing is generated.
     */
    OptionalLong countTokens(RelayCommand command);
}
