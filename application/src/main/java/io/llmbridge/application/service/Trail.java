package io.llmbridge.application.service;

import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UpstreamAttempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream calls one request made on its way from the route it asked for, the last one's
 * route and request as sent, and the route that answered: the routing its record reports, and
 * what its usage is estimated from.
 *
 * @param <R> the kind of request the calls sent
 */
final class Trail<R> {
    private final ModelRoute requested;
    private final List<UpstreamAttempt> attempts = new ArrayList<>();
    private ModelRoute answeringRoute;
    private ModelRoute lastRoute;
    private R lastRequest;

    Trail(ModelRoute requested) {
        this.requested = requested;
    }

    /** The route the request asked for: where its calls start. */
    ModelRoute requested() {
        return requested;
    }

    /** A call is about to go to {@code route} with {@code sent}, the request after the route's rules. */
    synchronized void calling(ModelRoute route, R sent) {
        lastRoute = route;
        lastRequest = sent;
    }

    synchronized void add(UpstreamAttempt attempt) {
        attempts.add(attempt);
    }

    synchronized void answeredBy(ModelRoute route) {
        answeringRoute = route;
    }

    synchronized ModelRoute answeringRoute() {
        return answeringRoute;
    }

    /** The public id of the model that answered ({@code provider/model}); null until one has. */
    String answeringModelId() {
        ModelRoute answering = answeringRoute();
        return answering == null ? null : answering.ref().id();
    }

    /** The route of the last call; null when none was made. */
    synchronized ModelRoute lastRoute() {
        return lastRoute;
    }

    /** The request the last call sent; null when none was made. */
    synchronized R lastRequest() {
        return lastRequest;
    }

    /** Time spent in upstream calls, not counting the waits between them; null when none was made. */
    private Duration upstreamTime() {
        return attempts.isEmpty() ? null : attempts.stream().map(UpstreamAttempt::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The record's routing part: the calls alone. */
    synchronized ChatRecord.Routing routing() {
        return new ChatRecord.Routing(requested, answeringRoute, attempts, upstreamTime());
    }

    /** The record's routing part of a stream, whose reads after the calls were waits on the provider too. */
    synchronized ChatRecord.Routing routing(Duration streamReading) {
        Duration calls = upstreamTime();
        return new ChatRecord.Routing(requested, answeringRoute, attempts, calls == null ? streamReading : calls.plus(streamReading));
    }
}
