package io.llmbridge.adapter.out.tracing;

import io.helidon.webserver.http.Filter;
import io.llmbridge.adapter.support.http.UpstreamClient;
import io.llmbridge.adapter.support.http.UpstreamClients;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Traces over OTLP/HTTP with the OpenTelemetry SDK (docs/tracing.md): a server span per request,
 * a client span per upstream attempt, GenAI attributes from each request's record. Spans are
 * exported in batches from a bounded queue by the SDK's own thread, so a slow or dead collector
 * costs requests nothing: what does not fit or cannot be sent is dropped (and counted). Made
 * only when the {@code tracing} section is configured; close it after the server has stopped.
 */
public final class Tracing implements AutoCloseable {
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final SdkTracerProvider provider;
    private final ExportQueue queue;
    private final Tracer tracer;

    Tracing(SpanExporter exporter, double sampleRatio, String serviceName, Duration batchDelay, int queueSize) {
        this.queue = new ExportQueue(exporter, queueSize, batchDelay, EXPORT_TIMEOUT);
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
                .addSpanProcessor(queue)
                .build();
        this.tracer = provider.get("io.llmbridge");
    }

    /** Starts the SDK and its exporter; nothing is sent until a span ends. */
    public static Tracing start(TracingSettings settings) {
        return new Tracing(exporter(settings), settings.sampleRatio(), settings.serviceName(), Duration.ofSeconds(1),
                settings.queueSize());
    }

    private static SpanExporter exporter(TracingSettings settings) {
        URI traces = settings.tracesUri();
        UpstreamClient client = UpstreamClients.create(settings.network(), traces);
        return OtlpHttpSpanExporter.builder().setEndpoint(traces.toString()).setTimeout(EXPORT_TIMEOUT)
                .setComponentLoader(new SenderLoader(config -> new CollectorSender(client, config)))
                .build();
    }

    /**
     * Gives the exporter {@link CollectorSender} as its only sender, whatever else is on the class
     * path, and loads anything else it asks for as the SDK would.
     */
    private record SenderLoader(HttpSenderProvider sender) implements ComponentLoader {
        private static final ComponentLoader SDK = ComponentLoader.forClassLoader(Tracing.class.getClassLoader());

        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
            return type == HttpSenderProvider.class ? List.of((T) sender) : SDK.load(type);
        }
    }

    /** Spans of the upstream attempts, for the chat service. */
    public CallTracing calls() {
        return new AttemptSpans(tracer);
    }

    /** Describes each request's span from its record; add it to the services' recorders. */
    public ChatRecorder recorder() {
        return new RecordedSpans();
    }

    /** The server span of every HTTP request whose path starts with {@code prefix}. */
    public Filter serverSpans(String prefix) {
        return new ServerSpans(tracer, prefix);
    }

    /** The chat use case with a server span per chat, for the WebSocket. */
    public ChatCompletionUseCase spanPerChat(ChatCompletionUseCase chats, String name) {
        return new TracedChats(chats, tracer, name);
    }

    /** Writes the calling thread's {@code traceparent} (and {@code tracestate}) to {@code headers}: for upstream calls. */
    public static void propagate(BiConsumer<String, String> headers) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, BiConsumer::accept);
    }

    /** Spans an export lost since the start (a slow, dead or refusing collector). */
    public long lostSpans() {
        return queue.lost();
    }

    /** Spans dropped since the start because the export queue was full (a collector slower than the traffic). */
    public long droppedSpans() {
        return queue.dropped();
    }

    /** Sends what is queued, within a few seconds, and stops. */
    @Override
    public void close() {
        provider.shutdown().join(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
