package io.llmbridge.bootstrap;

import io.helidon.webserver.http.HttpRouting;
import io.llmbridge.adapter.out.tracing.Tracing;
import io.llmbridge.adapter.out.tracing.TracingSettings;
import io.llmbridge.adapter.support.http.ContextHeaders;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The {@code tracing} section applied: with none, nothing of OpenTelemetry is loaded and every
 * method here leaves what it is given as it is.
 */
final class TraceExport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceExport.class);

    /** Null when tracing is off. */
    private final Tracing tracing;

    private TraceExport(Tracing tracing) {
        this.tracing = tracing;
    }

    static TraceExport open(GatewayConfig config) {
        GatewayConfig.Tracing settings = config.tracing();
        if (settings == null) {
            return new TraceExport(null);
        }
        OutboundNetwork network = new OutboundNetwork(settings.requiresProxy() ? config.network().proxy() : null,
                config.network().extraTrust(), false);
        Tracing tracing = Tracing.start(new TracingSettings(settings.endpoint(), settings.sampleRatio(), settings.serviceName(),
                network, settings.queueSize()));
        ContextHeaders.use(Tracing::propagate);
        LOG.info("Traces go to {} ({}), {} of new traces sampled, as service '{}'", settings.endpoint(),
                UpstreamClients.describe(network, settings.endpoint()), settings.sampleRatio(), settings.serviceName());
        return new TraceExport(tracing);
    }

    CallTracing calls() {
        return tracing == null ? CallTracing.OFF : tracing.calls();
    }

    /** Adds the recorder that describes each request's span. */
    void addRecorder(List<ChatRecorder> recorders) {
        if (tracing != null) {
            recorders.add(tracing.recorder());
        }
    }

    /** Server spans for the HTTP requests under {@code prefix}. */
    void addTo(HttpRouting.Builder routing, String prefix) {
        if (tracing != null) {
            routing.addFilter(tracing.serverSpans(prefix));
        }
    }

    /** A server span per WebSocket chat. */
    ChatCompletionUseCase perChat(ChatCompletionUseCase chat, String path) {
        return tracing == null ? chat : tracing.spanPerChat(chat, "chat " + path);
    }

    /** Spans the export lost; 0 when tracing is off. */
    long lostSpans() {
        return tracing == null ? 0 : tracing.lostSpans();
    }

    /** Spans dropped because the export queue was full; 0 when tracing is off. */
    long droppedSpans() {
        return tracing == null ? 0 : tracing.droppedSpans();
    }

    @Override
    public void close() {
        if (tracing != null) {
            ContextHeaders.none();
            tracing.close();
        }
    }
}
