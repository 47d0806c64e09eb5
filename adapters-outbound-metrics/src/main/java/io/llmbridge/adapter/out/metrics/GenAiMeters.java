package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The histograms of OpenTelemetry's GenAI metric conventions, next to the gateway's own meters
 * (docs/tracing.md): {@code gen_ai.client.token.usage} (tokens per request, by
 * {@code gen_ai.token.type} input or output) and {@code gen_ai.server.time_to_first_token}
 * (streams), with the conventions' bucket boundaries. Labels are configured names only: the
 * provider and model the request was routed to and the upstream model that answered.
 */
public final class GenAiMeters implements ChatRecorder {
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    private static final String NONE = GatewayMetrics.NONE;
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
            16777216, 67108864};
    private static final Duration[] FIRST_TOKEN_BUCKETS = millis(1, 5, 10, 20, 40, 60, 80, 100, 250, 500, 750, 1000, 2500,
            5000, 7500, 10000);

    private final MeterRegistry registry;
    /** Made meters by their labels (bounded by the configuration): asking the registry each time costs a lock. */
    private final Map<List<String>, DistributionSummary> tokens = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> firstTokens = new ConcurrentHashMap<>();

    public GenAiMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(ChatRecord record) {
        String operation = switch (record.request().context().action()) {
            case RequestContext.CHAT_COMPLETION -> "chat";
            case RequestContext.EMBEDDINGS -> "embeddings";
            default -> null;
        };
        ModelRoute route = record.routing().route();
        if (operation == null || route == null) {
            return;
        }
        ModelRoute answering = record.routing().answeringRoute();
        String provider = (answering == null ? route : answering).ref().provider();
        String responseModel = answering == null ? NONE : answering.upstreamModel();
        String model = route.ref().model();
        Usage usage = record.ending().usage();
        if (usage != null) {
            tokens(usage.promptTokens(), operation, provider, model, responseModel, "input");
            tokens(usage.completionTokens(), operation, provider, model, responseModel, "output");
        }
        Duration firstChunk = record.ending().timeToFirstChunk();
        if (firstChunk != null) {
            firstTokens.computeIfAbsent(List.of(operation, provider, model, responseModel), labels -> registry.getOrCreate(
                    Timer.builder(TIME_TO_FIRST_TOKEN).description("Time to the first chunk of a stream, from its receipt")
                            .buckets(FIRST_TOKEN_BUCKETS).tags(tags(labels)))).record(firstChunk);
        }
    }

    private void tokens(Long count, String operation, String provider, String model, String responseModel, String type) {
        if (count == null) {
            return;
        }
        tokens.computeIfAbsent(List.of(operation, provider, model, responseModel, type), labels -> {
            List<Tag> tags = new java.util.ArrayList<>(tags(labels));
            tags.add(Tag.create("gen_ai.token.type", labels.get(4)));
            return registry.getOrCreate(DistributionSummary.builder(TOKEN_USAGE)
                    .description("Tokens per request, by type, as reported or estimated")
                    .distributionStatisticsConfig(DistributionStatisticsConfig.builder().buckets(TOKEN_BUCKETS)).tags(tags));
        }).record(count);
    }

    private static List<Tag> tags(List<String> labels) {
        return List.of(Tag.create("gen_ai.operation.name", labels.get(0)), Tag.create("gen_ai.provider.name", labels.get(1)),
                Tag.create("gen_ai.request.model", labels.get(2)), Tag.create("gen_ai.response.model", labels.get(3)));
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
