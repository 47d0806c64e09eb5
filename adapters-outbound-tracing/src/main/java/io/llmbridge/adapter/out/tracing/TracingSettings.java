package io.llmbridge.adapter.out.tracing;

import io.llmbridge.application.port.out.provider.OutboundNetwork;

import java.net.URI;
import java.util.Objects;

/**
 * The {@code tracing} section.
 *
 * @param endpoint    the collector's OTLP/HTTP base URL ({@code http://collector:4318}); spans go to
 *                    its {@code /v1/traces}
 * @param sampleRatio the share of new traces kept, 0 to 1; a caller's sampled flag is followed
 * @param serviceName {@code service.name} of the spans
 * @param network     the proxy (when {@code requires_proxy}) and company CA the export goes through
 * @param queueSize   spans waiting for export at most; more are dropped (and counted)
 */
public record TracingSettings(URI endpoint, double sampleRatio, String serviceName, OutboundNetwork network, int queueSize) {
    /** The export queue's size when the configuration does not say. */
    public static final int DEFAULT_QUEUE_SIZE = 2048;

    public TracingSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(network, "network");
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sampleRatio must be within 0 and 1");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be positive");
        }
    }

    /** Where spans are posted: the endpoint's {@code /v1/traces}, unless it names that path itself. */
    URI tracesUri() {
        String base = endpoint.toString();
        if (base.endsWith("/v1/traces")) {
            return endpoint;
        }
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces");
    }
}
