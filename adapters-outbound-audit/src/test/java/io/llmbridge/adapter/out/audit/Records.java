package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatContent;
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

import java.time.Duration;
import java.time.Instant;

/** Typical records, as the application produces them. */
final class Records {
    static final Caller CALLER = new Caller("team-a", Caller.Role.USER);
    static final ModelRoute ROUTE = new ModelRoute(new ModelRef("deepseek", "deepseek-chat"), "deepseek-chat", null,
            Duration.ofSeconds(30), ParamRules.NONE);
    static final Usage USAGE = new Usage(12L, 5L, 17L, 2L, 4L, UsageSource.PROVIDER);

    private Records() {
    }

    static RequestContext context(Transport transport) {
        return new RequestContext(RequestContext.received(transport, RequestContext.CHAT_COMPLETION, "10.1.2.3").requestId(),
                transport, RequestContext.CHAT_COMPLETION, "10.1.2.3", Instant.parse("2026-01-02T03:04:05Z"), 0);
    }

    static ChatRecord success() {
        return ChatRecord.of(context(Transport.HTTP), Outcome.SUCCESS, Duration.ofMillis(1234)).caller(CALLER)
                .requestedModel("deepseek/deepseek-chat").route(ROUTE).usage(USAGE).finishReason("stop").upstreamRequestId("up-1")
                .build();
    }

    static ChatRecord streamed(Outcome outcome, BridgeException error) {
        return ChatRecord.of(context(Transport.HTTP), outcome, Duration.ofMillis(900)).caller(CALLER)
                .requestedModel("deepseek/deepseek-chat").route(ROUTE).stream(true).error(error).usage(USAGE)
                .timeToFirstChunk(Duration.ofMillis(300)).finishReason("stop").upstreamRequestId("up-2").build();
    }

    static ChatRecord failed(BridgeException error) {
        return ChatRecord.of(context(Transport.HTTP), Outcome.FAILURE, Duration.ofMillis(50)).caller(CALLER)
                .requestedModel("deepseek/deepseek-chat").route(ROUTE).error(error).build();
    }

    static ChatRecord refused() {
        return ChatRecord.of(context(Transport.HTTP), Outcome.FAILURE, Duration.ofMillis(1))
                .error(BridgeException.of(ErrorKind.UNAUTHENTICATED, "Incorrect access key provided.").code("invalid_api_key").build())
                .build();
    }

    static ChatRecord withContent(String prompt, String completion) {
        ChatRecord base = success();
        return new ChatRecord(base.context(), base.caller(), base.requestedModel(), base.route(), base.stream(), base.outcome(),
                base.error(), base.usage(), base.timeToFirstChunk(), base.duration(), base.finishReason(),
                base.upstreamRequestId(), base.upstreamTime(), new ChatContent(prompt, completion), base.answeringRoute(),
                base.attempts());
    }

    /** A success that took one retry: the first call failed with a 503. */
    static ChatRecord retried() {
        ChatRecord base = success();
        BridgeException busy = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "busy").upstreamStatus(503).build();
        return new ChatRecord(base.context(), base.caller(), base.requestedModel(), base.route(), base.stream(), base.outcome(),
                base.error(), base.usage(), base.timeToFirstChunk(), base.duration(), base.finishReason(),
                base.upstreamRequestId(), Duration.ofMillis(20), null, ROUTE,
                java.util.List.of(new io.llmbridge.domain.UpstreamAttempt(ROUTE.ref(), "sha256:00000000", Duration.ofMillis(5), busy, null),
                        new io.llmbridge.domain.UpstreamAttempt(ROUTE.ref(), "sha256:00000000", Duration.ofMillis(15), null, null)));
    }
}
