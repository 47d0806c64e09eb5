package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RelayedRequest;
import io.llmbridge.domain.RequestContext;

/**
 * A request in a provider's own API from an authenticated caller, to relay byte for byte where
 * the model's provider speaks that API.
 */
public record RelayCommand(Caller caller, PassThroughUseCase.Api api, RelayedRequest request, RequestContext context) {
    public RelayCommand {
        java.util.Objects.requireNonNull(caller, "caller");
        java.util.Objects.requireNonNull(api, "api");
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(context, "context");
    }
}
