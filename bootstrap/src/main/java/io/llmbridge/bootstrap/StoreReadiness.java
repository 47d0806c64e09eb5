package io.llmbridge.bootstrap;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.application.port.out.UsageStore;

/**
 * Readiness: the store answers (one single-row read). A gateway whose store is down still
 * authenticates from its cached keys and queues usage rows, but cannot issue keys nor report
 * usage, and its queue fills: a load balancer should prefer a replica that can reach it. The
 * details give the queue's backlog; never the URL's parameters or a password.
 */
final class StoreReadiness implements HealthCheck {
    private final KeyStore keys;
    private final UsageStore usage;

    StoreReadiness(KeyStore keys, UsageStore usage) {
        this.keys = keys;
        this.usage = usage;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public HealthCheckResponse call() {
        UsageStore.Backlog backlog = usage.backlog();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .detail("usage_rows_waiting", backlog.waiting())
                .detail("usage_rows_dropped", backlog.dropped());
        try {
            keys.version();
            return response.status(true).build();
        } catch (RuntimeException e) {
            return response.status(false).detail("error", e.getMessage()).build();
        }
    }
}
