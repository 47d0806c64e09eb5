package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.LimitStatus;

import java.util.List;

/** {@code GET /v1/limits}: each limit that applies, what is used of it, and when it resets. */
public interface LimitsUseCase {
    /**
     * The caller's own key and team, every model and the global scope; for an administrator,
     * every scope the configuration names as well. Never another tenant's key to a user.
     */
    List<LimitStatus> limits(Caller caller, RequestContext context);
}
