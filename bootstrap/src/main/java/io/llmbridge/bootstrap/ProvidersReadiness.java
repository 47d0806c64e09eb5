package io.llmbridge.bootstrap;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness: the gateway is ready while at least one configured provider can answer. A gateway
 * whose every provider lacks its API key would only ever answer 503, so a load balancer should
 * send no traffic to it. (An invalid configuration never gets this far: it stops the start.)
 * The details name the providers that cannot answer and the variable each one needs, never a key.
 */
final class ProvidersReadiness implements HealthCheck {
    private final ProviderRegistry providers;

    ProvidersReadiness(ProviderRegistry providers) {
        this.providers = providers;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(providers.usableCount() > 0)
                .detail("usable", providers.usableCount());
        providers.unusable().forEach((provider, why) -> response.detail("unusable." + provider, why));
        return response.build();
    }
}
