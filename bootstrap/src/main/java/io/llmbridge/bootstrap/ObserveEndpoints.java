package io.llmbridge.bootstrap;

import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /observe/metrics} and {@code /observe/health}: Helidon's observers, on the gateway's port
 * or, with {@code server.management_port}, only on a listener of their own.
 */
final class ObserveEndpoints {
    /** The name of the listener on {@code server.management_port}. */
    static final String MANAGEMENT_SOCKET = "management";

    private ObserveEndpoints() {
    }

    /**
     * Helidon's global meter registry, begun on a thread of its own: its first use discovers
     * Helidon's services and sets up Micrometer, about a fifth of start-up that needs no
     * configuration, so {@link Main} begins it before reading the file.
     */
    static CompletableFuture<MeterRegistry> metricsRegistry() {
        return CompletableFuture.supplyAsync(Metrics::globalRegistry,
                task -> Thread.ofPlatform().daemon().name("metrics-start").start(task));
    }

    /** Joined before the caller first uses Helidon, so the two threads never initialise its classes at once. */
    static MeterRegistry joined(CompletableFuture<MeterRegistry> metrics) {
        try {
            return metrics.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * @param draining readiness that goes down when the gateway drains ({@link Drain})
     * @param store    readiness of the key and usage store
     * @param quotas   readiness of where quotas are kept
     */
    static ObserveFeature feature(GatewayConfig.Server server, MeterRegistry registry, ProviderRegistry providers,
                                  HealthCheck draining, StoreReadiness store, QuotaReadiness quotas) {
        ObserveFeatureConfig.Builder feature = ObserveFeature.builder()
                .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                .addObserver(HealthObserver.builder().details(true).addCheck(new ProvidersReadiness(providers))
                        .addCheck(store).addCheck(quotas).addCheck(draining).build());
        if (server.managementPort() != null) {
            feature.sockets(List.of(MANAGEMENT_SOCKET));
        }
        return feature.build();
    }
}
