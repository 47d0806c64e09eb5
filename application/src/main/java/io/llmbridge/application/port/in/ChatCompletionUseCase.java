package io.llmbridge.application.port.in;

import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;

/** Answers a chat completion: authenticate, route, rewrite, call the provider. */
public interface ChatCompletionUseCase {
    /** The whole answer at once. */
    ChatResponse complete(ChatCommand command);

    /** The answer as a stream the caller must close. */
    ChatStream stream(ChatCommand command);
}
