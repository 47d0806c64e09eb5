package io.llmbridge.application.service;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UpstreamAttempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream calls one request made, the last one's route and request as sent, and the route
 * that answered: what its record reports, and what its usage is estimated from.
 */
final class Trail {
    private final List<UpstreamAttempt> attempts = new ArrayList<>();
    private ModelRoute answeringRoute;
    private ModelRoute lastRoute;
    private ChatRequest lastRequest;

    /** A call is about to go to {@code route} with {@code sent}, the request after the route's rules. */
    synchronized void calling(ModelRoute route, ChatRequest sent) {
        lastRoute = route;
        lastRequest = sent;
    }

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

    /** The route of the last call; null when none was made. */
    synchronized ModelRoute lastRoute() {
        return lastRoute;
    }

    /** The request the last call sent; null when none was made. */
    synchronized ChatRequest lastRequest() {
        return lastRequest;
    }

    /** Time spent in upstream calls, not counting the waits between them; null when none was made. */
    synchronized Duration upstreamTime() {
        return attempts.isEmpty() ? null : attempts.stream().map(UpstreamAttempt::duration).reduce(Duration.ZERO, Duration::plus);
    }
}
