package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns every finished request into meters of a Helidon registry, which bootstrap serves as
 * Prometheus text on {@code /observe/metrics}. Labels are the configured provider and model
 * names (bounded by the configuration), the transport and the outcome: never a key, never a
 * prompt, never a model name a client made up (an unrouted request is {@code none}). Access key
 * names are added only when asked for, since one label value per key multiplies every series.
 */
public final class GatewayMetrics implements ChatRecorder {
    static final String REQUESTS = "llmbridge.requests";
    static final String TOKENS = "llmbridge.tokens";
    static final String DURATION = "llmbridge.request.duration";
    static final String TIME_TO_FIRST_TOKEN = "llmbridge.time.to.first.token";
    static final String UPSTREAM_ERRORS = "llmbridge.upstream.errors";
    static final String ACTIVE_STREAMS = "llmbridge.streams.active";
    static final String OVERHEAD = "llmbridge.gateway.overhead";
    static final String NONE = "none";

    private static final Duration[] SLOW_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] FAST_BUCKETS = {Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)};

    /**
     * Request ids of the streams in flight, in this process: Helidon's registries hold their
     * meters process-wide, so the gauge is too (tests start several gateways in one JVM; request
     * ids are random enough not to clash). A set, so a record without a matching opening
     * changes nothing.
     */
    private static final Set<String> OPEN_STREAMS = ConcurrentHashMap.newKeySet();

    private final MeterRegistry registry;
    private final boolean perKey;
    /**
     * The meters already made, by name and labels: asking the registry builds a meter id, tags
     * and a lookup under a lock on every call, which cost more than the rest of a request's
     * accounting. Label values are bounded by the configuration, so these maps are too.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param perKey whether to label requests and tokens with the access key's name
     *               ({@code metrics.per_key})
     */
    public GatewayMetrics(MeterRegistry registry, boolean perKey) {
        this.registry = registry;
        this.perKey = perKey;
        registry.getOrCreate(Gauge.builder(ACTIVE_STREAMS, OPEN_STREAMS, Set::size)
                .description("Streams being answered right now"));
    }

    @Override
    public void streamOpened(RequestContext context, ModelRoute route) {
        OPEN_STREAMS.add(context.requestId());
    }

    @Override
    public void record(ChatRecord record) {
        ChatRecord.Request request = record.request();
        // Model listings, usage reports and refused connections are audited too; these meters count
        // the calls that reach providers: chats and embeddings.
        String action = request.context().action();
        if (!action.equals(RequestContext.CHAT_COMPLETION) && !action.equals(RequestContext.EMBEDDINGS)) {
            return;
        }
        ModelRoute route = record.routing().route();
        ChatRecord.Ending ending = record.ending();
        OPEN_STREAMS.remove(request.context().requestId());
        String provider = route == null ? NONE : route.ref().provider();
        String model = route == null ? NONE : route.ref().model();
        String key = request.caller() == null ? NONE : request.caller().name();

        count(REQUESTS, "Chat requests by how they ended", 1, keyed(key, "provider", provider, "model", model,
                "transport", request.context().transport().label(), "outcome", ending.outcome().label()));
        tokens(ending.usage(), provider, model, key);
        if (route != null) {
            time(DURATION, "Chat requests from receipt to end", SLOW_BUCKETS, ending.duration(),
                    "provider", provider, "model", model, "stream", String.valueOf(request.stream()));
            if (ending.timeToFirstChunk() != null) {
                time(TIME_TO_FIRST_TOKEN, "Streams from receipt to their first chunk", SLOW_BUCKETS, ending.timeToFirstChunk(),
                        "provider", provider, "model", model);
            }
            Duration upstreamTime = record.routing().upstreamTime();
            if (upstreamTime != null) {
                Duration overhead = ending.duration().minus(upstreamTime);
                time(OVERHEAD, "Time a request spent in the gateway, not waiting on its provider", FAST_BUCKETS,
                        overhead.isNegative() ? Duration.ZERO : overhead, "provider", provider, "model", model);
            }
            upstreamError(ending.error(), provider);
        }
    }

    private void tokens(Usage usage, String provider, String model, String key) {
        if (usage == null) {
            return;
        }
        String source = usage.isEstimated() ? "estimated" : "provider";
        countTokens("prompt", usage.promptTokens(), provider, model, source, key);
        countTokens("completion", usage.completionTokens(), provider, model, source, key);
        countTokens("reasoning", usage.reasoningTokens(), provider, model, source, key);
        countTokens("cached", usage.cachedTokens(), provider, model, source, key);
    }

    private void countTokens(String kind, Long tokens, String provider, String model, String source, String key) {
        if (tokens != null && tokens > 0) {
            count(TOKENS, "Tokens by kind, as providers reported them or the gateway estimated them", tokens,
                    keyed(key, "provider", provider, "model", model, "kind", kind, "source", source));
        }
    }

    /** Failures that came from the provider: its HTTP status, or how the exchange broke. */
    private void upstreamError(BridgeException error, String provider) {
        if (error == null) {
            return;
        }
        String status;
        if (error.upstreamStatus() != null) {
            status = String.valueOf(error.upstreamStatus());
        } else if (error.kind() == ErrorKind.UPSTREAM_TIMEOUT) {
            status = "timeout";
        } else if (error.kind() == ErrorKind.UPSTREAM_ERROR) {
            status = "connection";
        } else {
            return;
        }
        count(UPSTREAM_ERRORS, "Provider failures by HTTP status, or timeout / connection", 1,
                "provider", provider, "status", status);
    }

    private void count(String name, String description, long amount, String... labels) {
        counters.computeIfAbsent(meterKey(name, labels), key -> registry.getOrCreate(
                Counter.builder(name).description(description).tags(tags(key)))).increment(amount);
    }

    private void time(String name, String description, Duration[] buckets, Duration duration, String... labels) {
        timers.computeIfAbsent(meterKey(name, labels), key -> registry.getOrCreate(
                Timer.builder(name).description(description).buckets(buckets).tags(tags(key)))).record(duration);
    }

    /** Label names and values in pairs, plus the access key's name when asked for. */
    private String[] keyed(String key, String... pairs) {
        if (!perKey) {
            return pairs;
        }
        String[] all = Arrays.copyOf(pairs, pairs.length + 2);
        all[pairs.length] = "key_name";
        all[pairs.length + 1] = key;
        return all;
    }

    /** The meter's name, then its label pairs: what tells one meter from another. */
    private static List<String> meterKey(String name, String... labels) {
        String[] key = new String[labels.length + 1];
        key[0] = name;
        System.arraycopy(labels, 0, key, 1, labels.length);
        return List.of(key);
    }

    private static List<Tag> tags(List<String> meterKey) {
        List<Tag> tags = new ArrayList<>(meterKey.size() / 2);
        for (int i = 1; i < meterKey.size(); i += 2) {
            tags.add(Tag.create(meterKey.get(i), meterKey.get(i + 1)));
        }
        return tags;
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return durations;
    }
}
