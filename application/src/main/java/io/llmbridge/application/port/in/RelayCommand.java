package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RelayedRequest;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.Headroom;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request in a provider's own API from an authenticated caller, to relay byte for byte where
 * the model's provider speaks that API.
 *
 * @param headroom told, once the request is admitted or refused by its quotas, what the rate
 *                 headers should say (as {@link ChatCommand#headroom()})
 */
public record RelayCommand(Caller caller, PassThroughUseCase.Api api, RelayedRequest request, RequestContext context,
                           Consumer<Headroom> headroom) {
    public RelayCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(headroom, "headroom");
    }

    /** A command whose transport shows no rate headers. */
    public RelayCommand(Caller caller, PassThroughUseCase.Api api, RelayedRequest request, RequestContext context) {
        this(caller, api, request, context, ChatCommand.NO_HEADERS);
    }
}
