package io.llmbridge.application.service;

import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UpstreamAttempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets one request answered, whatever its kind (a chat, a stream, embeddings, a relayed body): the requested route first, then its fallbacks in order. On each
 * route, a failed call is retried while {@code retries} and the route's timeout allow, with the
 * next API key, the next deployment, or the same place after a backoff, as the failure suggests.
 * A request the upstream calls invalid is never retried; a stream is only ever retried before
 * its first chunk (its exchange reads that chunk before returning).
 */
final class UpstreamCalls {
    /**
     * One kind of call: the request it sends, the provider capability it uses, what it returns,
     * and whether the route's timeout bounds all of it.
     *
     * @param <R> the request, as the client sent it and as each route sends it
     * @param <T> what an answered call returns
     */
    interface Exchange<R, T> {
        /**
         * The request as {@code route} sends it (its rules applied); as it is by default.
         *
         * @throws BridgeException when the route cannot send it; no call is made
         */
        default R prepare(ModelRoute route, R request) {
            return request;
        }

        /**
         * @param provider the instance of the route's provider holding the API key to call with
         * @param timeout  what is left of the route's timeout, for a call it bounds whole
         */
        T call(ChatProvider provider, ModelRoute route, R request, Duration timeout);

        /** True when the timeout bounds the whole call, so a retry may only have what is left of it. */
        boolean timeoutBoundsWholeCall();

        /** What the attempt's span says of {@code request} as the route sends it. */
        CallTracing.Call traced(R request);
    }

    /** A chat: the route's param rules and token limit applied to the request. */
    private abstract static class ChatExchange<T> implements Exchange<ChatRequest, T> {
        @Override
        public ChatRequest prepare(ModelRoute route, ChatRequest request) {
            return RouteRequests.prepare(route, request);
        }

        @Override
        public CallTracing.Call traced(ChatRequest request) {
            return CallTracing.Call.chat(request);
        }
    }

    static final Exchange<ChatRequest, ChatResponse> COMPLETE = new ChatExchange<>() {
        @Override
        public ChatResponse call(ChatProvider provider, ModelRoute route, ChatRequest request, Duration timeout) {
            return provider.complete(route, request, timeout);
        }

        @Override
        public boolean timeoutBoundsWholeCall() {
            return true;
        }
    };

    /** A stream counts as answered once its first chunk (or its clean end) has arrived. */
    static final Exchange<ChatRequest, ChatStream> STREAM = new ChatExchange<>() {
        @Override
        public ChatStream call(ChatProvider provider, ModelRoute route, ChatRequest request, Duration timeout) {
            return PrimedStream.open(provider.stream(route, request));
        }

        @Override
        public boolean timeoutBoundsWholeCall() {
            // Per chunk: cutting it to what is left of the budget would cut healthy slow streams.
            return false;
        }
    };

    private static final Duration SHORTEST_CALL = Duration.ofMillis(1);

    private final ModelCatalog catalog;
    private final ChatProviders providers;
    private final ResilienceSettings settings;
    private final Timing timing;
    private final Backoff backoff;
    private final Deployments deployments;
    private final Map<String, KeyRing> rings = new ConcurrentHashMap<>();
    private final CallTracing tracing;

    UpstreamCalls(ModelCatalog catalog, ChatProviders providers, ResilienceSettings settings, Timing timing,
                  CallTracing tracing) {
        this.tracing = tracing;
        this.catalog = catalog;
        this.providers = providers;
        this.settings = settings;
        this.timing = timing;
        this.backoff = new Backoff(settings, timing);
        this.deployments = new Deployments(settings, timing);
    }

    /**
     * Calls the trail's requested route, then its fallbacks, and notes every call on the trail.
     *
     * @throws BridgeException the last failure, once every route has failed or a failure was final
     */
    <R, T> T call(R request, Trail<R> trail, Exchange<R, T> exchange) {
        ModelRoute requested = trail.requested();
        List<ModelRoute> chain = new ArrayList<>();
        chain.add(requested);
        // Fallbacks are not chained: a fallback's own fallbacks are not tried.
        for (ModelRef fallback : requested.fallbacks()) {
            catalog.find(fallback).ifPresent(chain::add);
        }
        BridgeException last = null;
        for (int i = 0; i < chain.size(); i++) {
            RouteResult<T> result = onRoute(chain.get(i), request, trail, exchange, i + 1 < chain.size());
            if (result.error() == null) {
                return result.value();
            }
            last = result.error();
            if (!result.mayFallBack()) {
                break;
            }
        }
        throw last;
    }

    private <R, T> RouteResult<T> onRoute(ModelRoute route, R original, Trail<R> trail, Exchange<R, T> exchange,
                                          boolean fallbackLeft) {
        R request;
        try {
            request = exchange.prepare(route, original);
        } catch (BridgeException invalid) {
            return RouteResult.failed(invalid, false);
        }
        long deadline = timing.nanoTime() + route.timeout().toNanos();
        Deployments.Target target = deployments.first(route);
        if (target == null) {
            return RouteResult.failed(everyDeploymentOpen(route), true);
        }
        Map<String, Set<Integer>> spentKeys = new HashMap<>();
        for (int retry = 0; ; retry++) {
            KeyRing ring;
            try {
                ring = ring(target.provider());
            } catch (BridgeException unwired) {
                return RouteResult.failed(unwired, true);
            }
            Set<Integer> spent = spentKeys.computeIfAbsent(target.provider(), provider -> new HashSet<>());
            KeyRing.Key key = ring.pick(spent);
            trail.calling(target.route(), request);
            long started = timing.nanoTime();
            BridgeException error;
            Duration timeout = callTimeout(target.route(), retry, deadline, exchange);
            try {
                T value = traced(exchange, key, target.route(), request, timeout);
                trail.add(new UpstreamAttempt(target.route().ref(), key.fingerprint(), since(started), null,
                        deployments.succeeded(target)));
                trail.answeredBy(target.route());
                return RouteResult.answered(value);
            } catch (BridgeException e) {
                error = timeout.equals(target.route().timeout()) ? e : budgetSpent(target, e);
            }
            NextStep step = NextStep.after(error);
            // A request the upstream finds invalid says nothing about the deployment's health.
            trail.add(new UpstreamAttempt(target.route().ref(), key.fingerprint(), since(started), error,
                    step == NextStep.GIVE_UP ? deployments.succeeded(target) : deployments.failed(target)));
            switch (step) {
                case GIVE_UP -> {
                    return RouteResult.failed(error, false);
                }
                case FALL_BACK -> {
                    return RouteResult.failed(error, true);
                }
                case ANOTHER_KEY -> {
                    ring.rejected(key, error.upstreamStatus());
                    spent.add(key.index());
                }
                case ANOTHER_KEY_OR_WAIT -> {
                    ring.rateLimited(key, Backoff.retryAfter(error.retryAfter(), timing.now()));
                    spent.add(key.index());
                }
                case RETRY -> {
                    // retried below, at the same place after a backoff or at the next deployment
                }
            }
            if (retry >= route.retries()) {
                return RouteResult.failed(error, true);
            }
            Deployments.Target next = deployments.next(route, target);
            Duration wait = next == null ? null : waitBefore(next, target, step, error, retry + 1, spentKeys, fallbackLeft);
            if (wait == null || timing.nanoTime() + wait.toNanos() >= deadline) {
                return RouteResult.failed(error, true);
            }
            if (!wait.isZero()) {
                try {
                    timing.pause(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return RouteResult.failed(error, false);
                }
            }
            target = next;
        }
    }

    /** One attempt, in a span of its own. */
    private <R, T> T traced(Exchange<R, T> exchange, KeyRing.Key key, ModelRoute route, R request, Duration timeout) {
        CallTracing.Attempt attempt = tracing.attempt(route, exchange.traced(request), key.fingerprint());
        try {
            T value = exchange.call(key.instance().provider(), route, request, timeout);
            attempt.answered();
            return value;
        } catch (RuntimeException e) {
            attempt.failed(e);
            throw e;
        }
    }

    /** How long to wait before calling {@code next}; null when calling it is pointless. */
    private Duration waitBefore(Deployments.Target next, Deployments.Target failed, NextStep step, BridgeException error,
                                int retry, Map<String, Set<Integer>> spentKeys, boolean fallbackLeft) {
        if (!next.equals(failed)) {
            return Duration.ZERO; // another deployment: nothing to wait for
        }
        boolean freshKey = ring(next.provider()).hasFreshKey(spentKeys.getOrDefault(next.provider(), Set.of()));
        return switch (step) {
            case ANOTHER_KEY -> freshKey ? Duration.ZERO : null;
            // A fallback that can answer now beats waiting out a rate limit.
            case ANOTHER_KEY_OR_WAIT -> freshKey ? Duration.ZERO : fallbackLeft ? null : backoff.before(retry, error.retryAfter());
            default -> backoff.before(retry, error.retryAfter());
        };
    }

    /**
     * A retry that ran out of what was left of the budget: the provider's message would name the
     * few milliseconds it was given, not the timeout the operator configured.
     */
    private static BridgeException budgetSpent(Deployments.Target target, BridgeException error) {
        if (error.kind() != ErrorKind.UPSTREAM_TIMEOUT) {
            return error;
        }
        return BridgeException.upstreamTimeoutWithRetries(target.provider(), target.route()).code(error.code()).cause(error)
                .build();
    }

    /** A non-streamed retry may only use what is left of the route's budget. */
    private Duration callTimeout(ModelRoute route, int retry, long deadline, Exchange<?, ?> exchange) {
        if (retry == 0 || !exchange.timeoutBoundsWholeCall()) {
            return route.timeout();
        }
        Duration left = Duration.ofNanos(deadline - timing.nanoTime());
        return left.compareTo(route.timeout()) >= 0 ? route.timeout()
                : left.compareTo(SHORTEST_CALL) > 0 ? left : SHORTEST_CALL;
    }

    private KeyRing ring(String provider) {
        return rings.computeIfAbsent(provider, name -> KeyRing.of(providers, name, settings.keyCooldown(), timing));
    }

    private BridgeException everyDeploymentOpen(ModelRoute route) {
        long seconds = Math.max(1, (deployments.untilCallable(route).toMillis() + 999) / 1000);
        return BridgeException.of(ErrorKind.UNAVAILABLE, "Every deployment of '" + route.ref().id()
                        + "' has been failing; none takes calls for the next " + seconds + " s.")
                .code("deployments_unavailable").retryAfter(Long.toString(seconds)).build();
    }

    private Duration since(long started) {
        return Duration.ofNanos(Math.max(0, timing.nanoTime() - started));
    }

    /** How one route ended: answered, or failed and whether a fallback may still be tried. */
    private record RouteResult<T>(T value, BridgeException error, boolean mayFallBack) {
        static <T> RouteResult<T> answered(T value) {
            return new RouteResult<>(value, null, false);
        }

        static <T> RouteResult<T> failed(BridgeException error, boolean mayFallBack) {
            return new RouteResult<>(null, error, mayFallBack);
        }
    }
}
