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
import io.llmbridge.domain.UpstreamAttempt;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        return new ChatRecord(request(false), routed(), new ChatRecord.Answer("stop", "up-1", "chatcmpl-1"),
                ChatRecord.Ending.success(USAGE, Duration.ofMillis(1234)), null);
    }

    static ChatRecord streamed(Outcome outcome, BridgeException error) {
        return new ChatRecord(request(true), routed(), new ChatRecord.Answer("stop", "up-2", "chatcmpl-2"),
                new ChatRecord.Ending(outcome, error, USAGE, Duration.ofMillis(300), Duration.ofMillis(900)), null);
    }

    static ChatRecord failed(BridgeException error) {
        return new ChatRecord(request(false), routed(), ChatRecord.Answer.NONE,
                ChatRecord.Ending.failure(error, null, Duration.ofMillis(50)), null);
    }

    static ChatRecord refused() {
        return new ChatRecord(new ChatRecord.Request(context(Transport.HTTP), null, null, false), ChatRecord.Routing.NONE,
                ChatRecord.Answer.NONE, ChatRecord.Ending.failure(BridgeException.of(ErrorKind.UNAUTHENTICATED,
                "Incorrect access key provided.").code("invalid_api_key").build(), null, Duration.ofMillis(1)), null);
    }

    static ChatRecord withContent(String prompt, String completion) {
        ChatRecord base = success();
        return new ChatRecord(base.request(), base.routing(), base.answer(), base.ending(), new ChatContent(prompt, completion));
    }

    /** A success that took one retry: the first call failed with a 503. */
    static ChatRecord retried() {
        ChatRecord base = success();
        BridgeException busy = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "busy").upstreamStatus(503).build();
        return new ChatRecord(base.request(), new ChatRecord.Routing(ROUTE, ROUTE,
                List.of(new UpstreamAttempt(ROUTE.ref(), "sha256:00000000", Duration.ofMillis(5), busy, null),
                        new UpstreamAttempt(ROUTE.ref(), "sha256:00000000", Duration.ofMillis(15), null, null)),
                Duration.ofMillis(20)), base.answer(), base.ending(), null);
    }

    private static ChatRecord.Request request(boolean stream) {
        return new ChatRecord.Request(context(Transport.HTTP), CALLER, "deepseek/deepseek-chat", stream);
    }

    private static ChatRecord.Routing routed() {
        return new ChatRecord.Routing(ROUTE, null, List.of(), null);
    }
}
