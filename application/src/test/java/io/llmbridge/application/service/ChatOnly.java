package io.llmbridge.application.service;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.time.Duration;

/** A provider that only chats, and is not asked to in tests of its other capabilities. */
class ChatOnly implements ChatProvider {
    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        throw new UnsupportedOperationException();
    }
}
