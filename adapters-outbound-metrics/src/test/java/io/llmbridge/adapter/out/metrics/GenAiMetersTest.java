package io.llmbridge.adapter.out.metrics;

import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenAiMetersTest {
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    /** Registries in one process share their meters: each test a provider of its own. */
    private final String provider = "genai" + PROVIDERS.incrementAndGet();
    private final ModelRoute route = new ModelRoute(new ModelRef(provider, "fast"), "gpt-4o-mini-2024-07-18", null,
            Duration.ofSeconds(30), ParamRules.NONE);
    private final MeterRegistry registry = Metrics.createMeterRegistry();

    private ChatRecord record(String action, boolean stream, Usage usage) {
        RequestContext context = RequestContext.received(Transport.HTTP, action, null);
        return new ChatRecord(new ChatRecord.Request(context, new Caller("team-a", Caller.Role.USER), provider + "/fast", stream),
                new ChatRecord.Routing(route, route, List.of(), Duration.ofMillis(90)), ChatRecord.Answer.NONE,
                new ChatRecord.Ending(Outcome.SUCCESS, null, usage, stream ? Duration.ofMillis(30) : null, Duration.ofMillis(100)), null);
    }

    private List<Tag> labels(String operation) {
        return List.of(Tag.create("gen_ai.operation.name", operation), Tag.create("gen_ai.provider.name", provider),
                Tag.create("gen_ai.request.model", "fast"), Tag.create("gen_ai.response.model", "gpt-4o-mini-2024-07-18"));
    }

    private DistributionSummary tokens(String operation, String type) {
        List<Tag> tags = new java.util.ArrayList<>(labels(operation));
        tags.add(Tag.create("gen_ai.token.type", type));
        return registry.summary(GenAiMeters.TOKEN_USAGE, tags).orElseThrow();
    }

    @Test
    void tokens_per_request_and_time_to_first_token_are_histograms_with_the_conventions_labels() {
        GenAiMeters meters = new GenAiMeters(registry);
        meters.record(record(RequestContext.CHAT_COMPLETION, false, new Usage(10L, 4L, 14L, null, null, UsageSource.PROVIDER)));
        meters.record(record(RequestContext.CHAT_COMPLETION, true, Usage.estimated(20, 6, null)));
        meters.record(record(RequestContext.EMBEDDINGS, false, new Usage(5L, 0L, 5L, null, null, UsageSource.PROVIDER)));

        assertEquals(2, tokens("chat", "input").count());
        assertEquals(30.0, tokens("chat", "input").totalAmount());
        assertEquals(10.0, tokens("chat", "output").totalAmount());
        assertEquals(1, tokens("embeddings", "input").count());
        assertEquals(1, registry.timer(GenAiMeters.TIME_TO_FIRST_TOKEN, labels("chat")).map(Timer::count).orElse(0L),
                "only the stream has a first token");
    }

    @Test
    void requests_without_a_route_or_of_other_kinds_are_not_measured() {
        GenAiMeters meters = new GenAiMeters(registry);
        RequestContext listing = RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null);
        meters.record(new ChatRecord(new ChatRecord.Request(listing, null, "made/up", false), ChatRecord.Routing.NONE,
                ChatRecord.Answer.NONE, new ChatRecord.Ending(Outcome.FAILURE, null, null, null, Duration.ofMillis(1)), null));
        meters.record(record("list_models", false, new Usage(1L, 1L, 2L, null, null, UsageSource.PROVIDER)));

        assertEquals(0, registry.meters(m -> m.id().name().startsWith("gen_ai.")
                && m.id().tags().toString().contains(provider)).size());
    }
}
