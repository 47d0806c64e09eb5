package io.llmbridge.bootstrap;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.llmbridge.adapter.out.limits.OnBackendFailure;
import io.llmbridge.application.port.out.QuotaGate;

import java.util.Locale;

/**
 * Readiness of where quotas are kept. While Redis cannot be reached, a gateway that fails closed
 * refuses every chat: not ready. One that fails open still serves, each replica counting alone:
 * ready, with {@code degraded} in the details (and the metric), never silently.
 */
final class QuotaReadiness implements HealthCheck {
    private final QuotaGate gate;
    private final OnBackendFailure onFailure;

    QuotaReadiness(QuotaGate gate, OnBackendFailure onFailure) {
        this.gate = gate;
        this.onFailure = onFailure;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "quotas";
    }

    @Override
    public HealthCheckResponse call() {
        QuotaGate.Health health = gate.health();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .detail("backend", health.backend()).detail("detail", health.detail());
        if (health.reachable()) {
            return response.status(true).build();
        }
        return response.status(onFailure == OnBackendFailure.OPEN).detail("degraded", true)
                .detail("on_backend_failure", onFailure.name().toLowerCase(Locale.ROOT)).build();
    }
}
