package io.llmbridge.application.service;

import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UpstreamAttempt;

import java.util.ArrayList;
import java.util.List;

/** The upstream calls one request made, and the route that answered: what its record reports. */
final class Trail {
    private final List<UpstreamAttempt> attempts = new ArrayList<>();
    private ModelRoute answeringRoute;

    synchronized void add(UpstreamAttempt attempt) {
        attempts.add(attempt);
    }

    synchronized void answeredBy(ModelRoute route) {
        answeringRoute = route;
    }

    synchronized List<UpstreamAttempt> attempts() {
        return List.copyOf(attempts);
    }

    synchronized ModelRoute answeringRoute() {
        return answeringRoute;
    }
}
