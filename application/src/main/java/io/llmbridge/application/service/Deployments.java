package io.llmbridge.application.service;

import io.llmbridge.domain.Deployment;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.UpstreamAttempt.CircuitChange;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Where each call of a route goes. A route without deployments always calls itself; a route with
 * deployments spreads its requests by weight (smooth weighted round robin: even, and predictable)
 * and moves a retry to the next deployment whose circuit breaker lets calls through.
 */
final class Deployments {
    /** One place a call can go, with its breaker (null for a route without deployments). */
    record Target(ModelRoute route, CircuitBreaker breaker) {
        String provider() {
            return route.ref().provider();
        }
    }

    private final ResilienceSettings settings;
    private final Timing timing;
    /** By deployment: two public models deployed on the same upstream share its health. */
    private final Map<ModelRef, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<ModelRef, WeightedTurns> turns = new ConcurrentHashMap<>();
    private final Map<ModelRef, List<Target>> targets = new ConcurrentHashMap<>();

    Deployments(ResilienceSettings settings, Timing timing) {
        this.settings = settings;
        this.timing = timing;
    }

    /** The first target of a request; null when every deployment's breaker is open. */
    Target first(ModelRoute route) {
        if (route.deployments().isEmpty()) {
            return new Target(route, null);
        }
        List<Target> targets = targets(route);
        WeightedTurns rotation = turns.computeIfAbsent(route.ref(), ref -> new WeightedTurns(route.deployments()));
        int picked = rotation.pick(i -> targets.get(i).breaker().isCallable());
        if (picked >= 0 && targets.get(picked).breaker().tryAcquire()) {
            return targets.get(picked);
        }
        return after(targets, picked < 0 ? targets.size() - 1 : picked);
    }

    /**
     * Where a retry after {@code current} goes: the next deployment, in configuration order, that
     * takes calls (possibly {@code current} again); null when none does.
     */
    Target next(ModelRoute route, Target current) {
        if (current.breaker() == null) {
            return current;
        }
        List<Target> targets = targets(route);
        return after(targets, targets.indexOf(current));
    }

    CircuitChange succeeded(Target target) {
        return target.breaker() == null ? null : target.breaker().succeeded();
    }

    CircuitChange failed(Target target) {
        return target.breaker() == null ? null : target.breaker().failed();
    }

    /** How long until one of the route's deployments takes calls again. */
    Duration untilCallable(ModelRoute route) {
        return targets(route).stream().map(target -> target.breaker().remainingDelay()).min(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
    }

    private Target after(List<Target> targets, int position) {
        for (int step = 1; step <= targets.size(); step++) {
            Target candidate = targets.get((position + step) % targets.size());
            if (candidate.breaker().tryAcquire()) {
                return candidate;
            }
        }
        return null;
    }

    private List<Target> targets(ModelRoute route) {
        return targets.computeIfAbsent(route.ref(), ref -> route.deployments().stream()
                .map(deployment -> new Target(route.toDeployment(deployment), breaker(deployment))).toList());
    }

    private CircuitBreaker breaker(Deployment deployment) {
        return breakers.computeIfAbsent(deployment.target(),
                target -> new CircuitBreaker(settings.breakerFailures(), settings.breakerDelay(), timing));
    }

    /** Smooth weighted round robin over the deployments that take calls. */
    private static final class WeightedTurns {
        private final int[] weights;
        private final int[] current;

        WeightedTurns(List<Deployment> deployments) {
            weights = deployments.stream().mapToInt(Deployment::weight).toArray();
            current = new int[weights.length];
        }

        synchronized int pick(IntPredicate eligible) {
            int total = 0;
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (!eligible.test(i)) {
                    continue;
                }
                current[i] += weights[i];
                total += weights[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            if (best >= 0) {
                current[best] -= total;
            }
            return best;
        }
    }
}
