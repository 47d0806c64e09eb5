package io.llmbridge.bootstrap;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code /observe/metrics} and {@code /observe/health}: Helidon's observers on the gateway's port. */
final class ObserveEndpoints {
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

    static ObserveFeature feature(MeterRegistry registry, ProviderRegistry providers, StoreReadiness store) {
        return ObserveFeature.builder()
                .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                .addObserver(HealthObserver.builder().details(true).addCheck(new ProvidersReadiness(providers)).addCheck(store).build())
                .build();
    }
}
