package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.RequestContext;

/** A chat completion from an authenticated caller, as a transport received it. */
public record ChatCommand(Caller caller, ChatRequest request, RequestContext context) {
    public ChatCommand {
        java.util.Objects.requireNonNull(caller, "caller");
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(context, "context");
    }
}
