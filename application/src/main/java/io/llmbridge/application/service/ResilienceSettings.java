package io.llmbridge.application.service;

import java.time.Duration;

/**
 * The gateway-wide timing of retries, key cool-downs and circuit breakers. How many retries a
 * model gets, its fallbacks and deployments are the route's ({@link io.llmbridge.domain.ModelRoute}).
 *
 * @param backoffInitial  the wait before the first retry; each next one doubles it, with jitter
 * @param backoffMax      the longest wait the doubling reaches ({@code Retry-After} may ask for more)
 * @param keyCooldown     how long an API key answered with 401/403 stays out of rotation
 * @param breakerFailures consecutive failures that open a deployment's circuit breaker
 * @param breakerDelay    how long an open breaker refuses calls before it lets one trial through
 */
public record ResilienceSettings(Duration backoffInitial, Duration backoffMax, Duration keyCooldown,
                                 int breakerFailures, Duration breakerDelay) {
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60), 5, Duration.ofSeconds(30));

    public ResilienceSettings {
        requirePositive(backoffInitial, "backoffInitial");
        requirePositive(backoffMax, "backoffMax");
        requirePositive(keyCooldown, "keyCooldown");
        requirePositive(breakerDelay, "breakerDelay");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax must not be shorter than backoffInitial");
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breakerFailures must be at least 1");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        java.util.Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
