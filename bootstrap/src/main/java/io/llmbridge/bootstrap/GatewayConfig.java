package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.RollingFile;
import io.llmbridge.adapter.out.store.StoreSettings;
import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.service.ResilienceSettings;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.TrustedProxies;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration file.
 *
 * @param store     where managed keys and usage live ({@code store}; the embedded file by default)
 * @param usageRows whether each call's usage row is written to the store ({@code store.usage_rows})
 * @param prices  what models cost, for usage rows and cost limits ({@code prices})
 * @param limits  quotas and where they are kept ({@code limits})
 * @param tracing where spans are exported ({@code tracing}); null when tracing is off
 */
record GatewayConfig(Path file, Server server, List<Provider> providers, Logging logging, Metrics metrics, Network network,
                     ResilienceSettings resilience, StoreSettings store, boolean usageRows, Prices prices,
                     LimitsSection.Limits limits,
                     Tracing tracing) {

    /**
     * {@code tracing} (docs/tracing.md).
     *
     * @param endpoint      the collector's OTLP/HTTP base URL
     * @param sampleRatio   the share of new traces kept
     * @param requiresProxy whether the export goes through the configured proxy
     * @param queueSize     spans waiting for export at most
     */
    record Tracing(java.net.URI endpoint, double sampleRatio, String serviceName, boolean requiresProxy, int queueSize) {
    }

    /** The logback level name of {@code logging.level}. */
    String logLevel() {
        return logging.level();
    }

    /**
     * @param trustedProxies the peers whose {@code X-Forwarded-For} names the client
     * @param managementPort where {@code /observe} is served instead of {@code port}; null to serve it on {@code port}
     */
    record Server(String host, int port, long maxBodyBytes, WebSocketSettings webSocket, TrustedProxies trustedProxies,
                  Bounds bounds, Integer managementPort, DrainTimes drain) {
    }

    /**
     * {@code server.drain}: what happens between a SIGTERM and the exit (docs/deployment.md, "Drain").
     *
     * @param delay how long everything is still served with readiness already down, so balancers notice
     * @param grace how long what is in flight then has to finish before it is ended
     */
    record DrainTimes(Duration delay, Duration grace) {
    }

    /**
     * What one client may hold of the server, whoever it is (see docs/security.md, "Server").
     *
     * @param maxConnections        open TCP connections, HTTP and WebSocket together
     * @param maxConcurrentRequests requests being served at once; more are answered 503 at once
     * @param idleTimeout           how long a connection may wait for its next request (or a WebSocket
     *                              receive nothing) before the server closes it
     * @param headerTimeout         how long a request's headers may take to arrive after its request line
     * @param bodyTimeout           how long a request's body may take to arrive once its headers have
     */
    record Bounds(int maxConnections, int maxConcurrentRequests, Duration idleTimeout, Duration headerTimeout,
                  Duration bodyTimeout) {
    }

    /**
     * @param perKey whether metrics carry the access key's name as a label ({@code metrics.per_key})
     */
    record Metrics(boolean perKey) {
    }

    /**
     * @param proxy      the proxies of providers with {@code requires_proxy: true}, from the file or
     *                   the environment; null when neither names one
     * @param extraTrust {@code tls.trust_store}'s certificates, trusted besides the JDK's; may be empty
     */
    record Network(OutboundProxy proxy, List<X509Certificate> extraTrust) {
        /** Direct connections with the JDK's trust. */
        static final Network NONE = new Network(null, List.of());

        Network {
            extraTrust = List.copyOf(extraTrust);
        }
    }

    /**
     * @param options the provider's whole section, for adapter-specific keys
     */
    record Provider(String name, String adapter, String baseUrl, boolean requiresProxy, Boolean apiKeyRequired,
                    boolean insecureSkipVerify, List<ModelRoute> models, Map<String, Object> options) {
        /** {@code <PROVIDER>_API_KEY}: the name upper-cased, other characters than letters and digits as {@code _}. */
        String apiKeyVariable() {
            return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_API_KEY";
        }
    }

    /**
     * The {@code logging} section.
     *
     * @param level   a logback level name ({@code TRACE} … {@code ERROR})
     * @param console whether the application log goes to standard output
     * @param file    the application log file; null for none
     */
    record Logging(Format format, String level, boolean console, RollingFile file, Audit audit) {
        enum Format { JSON, TEXT }
    }

    /**
     * {@code logging.audit}.
     *
     * @param maxContentChars how much of the prompt and of the completion is kept when
     *                        {@code includeContent}
     * @param logstash        where events are shipped over TCP too; null for nowhere
     */
    record Audit(RollingFile file, boolean includeContent, int maxContentChars, AuditSettings.Logstash logstash) {
    }
}
