package io.llmbridge.bootstrap;

import io.llmbridge.application.service.ResilienceSettings;

import java.time.Duration;

/** The {@code resilience} section: backoff, key cool-down and circuit breaker. */
final class ResilienceSection {
    private ResilienceSection() {
    }

    static ResilienceSettings read(ConfigNode node) {
        node.mapping();
        ResilienceSettings defaults = ResilienceSettings.DEFAULTS;
        ConfigNode backoff = node.get("backoff");
        backoff.mapping();
        Duration initial = backoff.get("initial").seconds(defaults.backoffInitial());
        Duration max = backoff.get("max").seconds(defaults.backoffMax().compareTo(initial) < 0 ? initial : defaults.backoffMax());
        if (max.compareTo(initial) < 0) {
            throw backoff.get("max").problem("must not be shorter than resilience.backoff.initial");
        }
        ConfigNode breaker = node.get("circuit_breaker");
        breaker.mapping();
        return new ResilienceSettings(initial, max, node.get("key_cooldown").seconds(defaults.keyCooldown()),
                breaker.get("failures").intIn(defaults.breakerFailures(), 1, 1000),
                breaker.get("delay").seconds(defaults.breakerDelay()));
    }
}
