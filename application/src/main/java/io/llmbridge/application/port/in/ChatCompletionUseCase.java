package io.llmbridge.application.port.in;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;

/**
 * Answers a chat completion from a caller the transport has already authenticated (see
 * {@link AuthenticationUseCase}): route, apply the route's rules, call the provider, record how it ended.
 */
public interface ChatCompletionUseCase {
    /** The whole answer at once. */
    ChatResponse complete(ChatCommand command);

    /** The answer as a stream the caller must close. */
    ChatStream stream(ChatCommand command);

    /**
     * Records a chat request refused before it could be read as one (a malformed or too large
     * body, no memory left to read it), so that it is audited and counted like any other.
     */
    void refused(Caller caller, RequestContext context, BridgeException error);
}
