package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.Headroom;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * An embeddings request from an authenticated caller, as a transport received it.
 *
 * @param headroom told, once the request is admitted or refused by its quotas, what the rate
 *                 headers should say (as {@link ChatCommand#headroom()})
 */
public record EmbeddingsCommand(Caller caller, EmbeddingRequest request, RequestContext context,
                                Consumer<Headroom> headroom) {
    public EmbeddingsCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(headroom, "headroom");
    }

    /** A command whose transport shows no rate headers. */
    public EmbeddingsCommand(Caller caller, EmbeddingRequest request, RequestContext context) {
        this(caller, request, context, ChatCommand.NO_HEADERS);
    }
}
