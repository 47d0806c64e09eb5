package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMetricsTest {
    private static final Caller TEAM = new Caller("team-a", Caller.Role.USER);
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    /**
     * Registries made in one process share their meters, so each test has a provider of its own
     * and starts from zero.
     */
    private final String provider = "deepseek" + PROVIDERS.incrementAndGet();
    private final ModelRoute route = new ModelRoute(new ModelRef(provider, "deepseek-chat"), "deepseek-chat", null,
            Duration.ofSeconds(30), ParamRules.NONE);
    private final MeterRegistry registry = Metrics.createMeterRegistry();

    private static RequestContext context() {
        return RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null);
    }

    private static ChatRecord record(RequestContext context, ModelRoute route, boolean stream, Outcome outcome,
                                     BridgeException error, Usage usage) {
        return new ChatRecord(new ChatRecord.Request(context, TEAM, "deepseek/deepseek-chat", stream),
                new ChatRecord.Routing(route, null, List.of(), route == null ? null : Duration.ofMillis(90)), ChatRecord.Answer.NONE,
                new ChatRecord.Ending(outcome, error, usage, stream ? Duration.ofMillis(40) : null, Duration.ofMillis(100)), null);
    }

    private long counter(String name, String... tags) {
        return registry.counter(name, tags(tags)).map(Counter::count).orElse(0L);
    }

    private static List<Tag> tags(String... pairs) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            tags.add(Tag.create(pairs[i], pairs[i + 1]));
        }
        return tags;
    }

    @Test
    void requests_tokens_and_times_are_counted_by_provider_and_model() {
        GatewayMetrics metrics = new GatewayMetrics(registry, false);
        metrics.record(record(context(), route, false, Outcome.SUCCESS, null, new Usage(10L, 4L, 14L, 1L, 3L, UsageSource.PROVIDER)));
        metrics.record(record(context(), route, true, Outcome.CANCELLED, null, Usage.estimated(10, 2, null)));

        String[] where = {"provider", provider, "model", "deepseek-chat"};
        assertEquals(1, counter(GatewayMetrics.REQUESTS, "provider", provider, "model", "deepseek-chat", "transport", "http", "outcome", "success"));
        assertEquals(1, counter(GatewayMetrics.REQUESTS, "provider", provider, "model", "deepseek-chat", "transport", "http", "outcome", "cancelled"));
        assertEquals(10, counter(GatewayMetrics.TOKENS, "provider", provider, "model", "deepseek-chat", "kind", "prompt", "source", "provider"));
        assertEquals(3, counter(GatewayMetrics.TOKENS, "provider", provider, "model", "deepseek-chat", "kind", "cached", "source", "provider"));
        assertEquals(2, counter(GatewayMetrics.TOKENS, "provider", provider, "model", "deepseek-chat", "kind", "completion", "source", "estimated"));
        assertEquals(1, registry.timer(GatewayMetrics.TIME_TO_FIRST_TOKEN, tags(where)).map(Timer::count).orElse(0L));
        assertEquals(2, registry.timer(GatewayMetrics.OVERHEAD, tags(where)).map(Timer::count).orElse(0L));
        assertEquals(1, registry.timer(GatewayMetrics.DURATION, tags("provider", provider, "model", "deepseek-chat", "stream", "true"))
                .map(Timer::count).orElse(0L));
    }

    @Test
    void upstream_failures_are_counted_by_status_and_gateway_refusals_are_not() {
        GatewayMetrics metrics = new GatewayMetrics(registry, false);
        metrics.record(record(context(), route, false, Outcome.FAILURE,
                BridgeException.of(ErrorKind.RATE_LIMITED, "slow down").upstreamStatus(429).build(), null));
        metrics.record(record(context(), route, false, Outcome.FAILURE,
                BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "late").build(), null));
        metrics.record(record(context(), route, false, Outcome.FAILURE,
                BridgeException.of(ErrorKind.UNAVAILABLE, "no key").build(), null));
        metrics.record(record(context(), null, false, Outcome.FAILURE, BridgeException.modelNotFound("deepseek/made-up"), null));

        assertEquals(1, counter(GatewayMetrics.UPSTREAM_ERRORS, "provider", provider, "status", "429"));
        assertEquals(1, counter(GatewayMetrics.UPSTREAM_ERRORS, "provider", provider, "status", "timeout"));
        assertEquals(2, countMeters(GatewayMetrics.UPSTREAM_ERRORS), "an unavailable provider was never called");
        assertEquals(1, counter(GatewayMetrics.REQUESTS, "provider", "none", "model", "none", "transport", "http", "outcome", "failure"),
                "a model the client made up is not a label");
    }

    private long countMeters(String name) {
        return registry.meters(meter -> meter.id().name().equals(name)
                && meter.id().tags().iterator().hasNext() && provider.equals(tagValue(meter, "provider"))).size();
    }

    private static String tagValue(io.helidon.metrics.api.Meter meter, String key) {
        for (Tag tag : meter.id().tags()) {
            if (tag.key().equals(key)) {
                return tag.value();
            }
        }
        return null;
    }

    @Test
    void active_streams_go_up_when_opened_and_down_when_recorded_once() {
        GatewayMetrics metrics = new GatewayMetrics(registry, false);
        RequestContext first = context();
        RequestContext second = context();
        double before = activeStreams();
        metrics.streamOpened(first, route);
        metrics.streamOpened(second, route);
        assertEquals(before + 2, activeStreams());
        metrics.record(record(first, route, true, Outcome.SUCCESS, null, null));
        metrics.record(record(first, route, true, Outcome.SUCCESS, null, null));
        metrics.record(record(context(), route, true, Outcome.FAILURE, null, null));
        assertEquals(before + 1, activeStreams(), "a stream that never opened does not take another's place");
        metrics.record(record(second, route, true, Outcome.CANCELLED, null, null));
        assertEquals(before, activeStreams());
    }

    private double activeStreams() {
        return registry.gauge(GatewayMetrics.ACTIVE_STREAMS, List.of()).map(gauge -> ((Gauge<?>) gauge).value().doubleValue()).orElseThrow();
    }

    @Test
    void key_names_are_labels_only_when_asked_for() {
        new GatewayMetrics(registry, false).record(record(context(), route, false, Outcome.SUCCESS, null, null));
        assertTrue(registry.meters().stream().allMatch(meter -> tagValue(meter, "key_name") == null));

        // One label set per meter name in a registry, as Prometheus wants: the global one is apart.
        MeterRegistry keyed = Metrics.globalRegistry();
        new GatewayMetrics(keyed, true).record(record(context(), route, false, Outcome.SUCCESS, null, null));
        assertEquals(1, keyed.counter(GatewayMetrics.REQUESTS, tags("provider", provider, "model", "deepseek-chat",
                "transport", "http", "outcome", "success", "key_name", "team-a")).map(Counter::count).orElse(0L));
    }
}
