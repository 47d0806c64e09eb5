package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.RequestContext;

/** An embeddings request from an authenticated caller, as a transport received it. */
public record EmbeddingsCommand(Caller caller, EmbeddingRequest request, RequestContext context) {
    public EmbeddingsCommand {
        java.util.Objects.requireNonNull(caller, "caller");
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(context, "context");
    }
}
