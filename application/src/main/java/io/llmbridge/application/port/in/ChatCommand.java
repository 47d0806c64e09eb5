package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;

/** A chat completion from an authenticated caller, as a transport received it. */
public record ChatCommand(Caller caller, ChatRequest request) {
    public ChatCommand {
        java.util.Objects.requireNonNull(caller, "caller");
        java.util.Objects.requireNonNull(request, "request");
    }
}
